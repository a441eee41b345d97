/* SPDX-License-Identifier: MIT */
/* Interned names of one parsed source: chunks that never move, plus an
 * open-addressing set so each distinct name is stored once. */
#include "lg/buf.h"
#include "pysrc_private.h"

#define POOL_CHUNK_BYTES (64u << 10)

struct pool_chunk {
	struct pool_chunk *next;
	size_t used, cap;
	char data[];
};

struct lg_pysrc__pool {
	struct pool_chunk *chunks;
	size_t total; /* bytes handed out, checked against the cap */
	const char **slots;
	size_t nslots, nused;
};

int lg_pysrc__pool_new(struct lg_pysrc__pool **out)
{
	*out = lg__calloc(1, sizeof(**out));
	return *out ? 0 : lg_error_oom();
}

void lg_pysrc__pool_free(struct lg_pysrc__pool *pool)
{
	struct pool_chunk *c, *next;

	if (!pool)
		return;
	for (c = pool->chunks; c; c = next) {
		next = c->next;
		lg__free(c);
	}
	lg__free(pool->slots);
	lg__free(pool);
}

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

/* Slot holding s[0..n), or the empty slot where it belongs. */
static size_t find_slot(const struct lg_pysrc__pool *pool, const char *s,
			size_t n)
{
	size_t mask = pool->nslots - 1;
	size_t i = (size_t)hash_bytes(s, n) & mask;

	while (pool->slots[i] &&
	       (strlen(pool->slots[i]) != n || memcmp(pool->slots[i], s, n)))
		i = (i + 1) & mask;
	return i;
}

static int grow_slots(struct lg_pysrc__pool *pool)
{
	struct lg_pysrc__pool tmp = *pool;
	size_t n = pool->nslots ? pool->nslots * 2 : 256;

	if (!(tmp.slots = lg__calloc(n, sizeof(*tmp.slots))))
		return lg_error_oom();
	tmp.nslots = n;
	for (size_t i = 0; i < pool->nslots; i++) {
		const char *s = pool->slots[i];

		if (s)
			tmp.slots[find_slot(&tmp, s, strlen(s))] = s;
	}
	lg__free(pool->slots);
	pool->slots = tmp.slots;
	pool->nslots = n;
	return 0;
}

static int store(const char **out, struct lg_pysrc__pool *pool,
		 const char *s, size_t n)
{
	struct pool_chunk *c = pool->chunks;
	size_t cap;

	if (n + 1 > LG_MAX_PY_POOL_BYTES - pool->total)
		return lg_error_toobig(
			"names of one python file exceed %u bytes",
			LG_MAX_PY_POOL_BYTES);
	if (!c || c->cap - c->used < n + 1) {
		cap = n + 1 > POOL_CHUNK_BYTES ? n + 1 : POOL_CHUNK_BYTES;
		if (!(c = lg__malloc(sizeof(*c) + cap)))
			return lg_error_oom();
		c->next = pool->chunks;
		c->used = 0;
		c->cap = cap;
		pool->chunks = c;
	}
	memcpy(c->data + c->used, s, n);
	c->data[c->used + n] = '\0';
	*out = c->data + c->used;
	c->used += n + 1;
	pool->total += n + 1;
	return 0;
}

int lg_pysrc__intern(const char **out, struct lg_pysrc__pool *pool,
		     const char *s, size_t n)
{
	size_t i;
	int error;

	if (pool->nused * 2 >= pool->nslots && (error = grow_slots(pool)) < 0)
		return error;
	i = find_slot(pool, s, n);
	if (!pool->slots[i]) {
		if ((error = store(&pool->slots[i], pool, s, n)) < 0)
			return error;
		pool->nused++;
	}
	*out = pool->slots[i];
	return 0;
}
