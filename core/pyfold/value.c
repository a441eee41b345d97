/* SPDX-License-Identifier: MIT */
/* Folded values: str, bytes, int, flat lists of those, and the lazy
 * references the evaluator resolves on demand. */
#include "lg/buf.h"
#include "pyfold_private.h"

void lg_pyfold__init(struct lg_pyfold__val *v)
{
	memset(v, 0, sizeof(*v));
	v->kind = LG_FV_NONE;
	lg_buf_init(&v->b, LG_MAX_FOLD_BYTES);
}

void lg_pyfold__dispose(struct lg_pyfold__val *v)
{
	lg_buf_dispose(&v->b);
	lg__free(v->items);
	lg_pyfold__init(v);
}

void lg_pyfold__move(struct lg_pyfold__val *dst, struct lg_pyfold__val *src)
{
	if (dst == src)
		return;
	lg_pyfold__dispose(dst);
	*dst = *src;
	lg_pyfold__init(src);
}

int lg_pyfold__set_bytes(struct lg_pyfold__val *v, enum lg_pyfold__kind kind,
			 const char *p, size_t n)
{
	lg_pyfold__dispose(v);
	v->kind = kind;
	return lg_buf_put(&v->b, p, n);
}

void lg_pyfold__set_int(struct lg_pyfold__val *v, int64_t i)
{
	lg_pyfold__dispose(v);
	v->kind = LG_FV_INT;
	v->i = i;
}

void lg_pyfold__set_list(struct lg_pyfold__val *v)
{
	lg_pyfold__dispose(v);
	v->kind = LG_FV_LIST;
}

int lg_pyfold__copy(struct lg_pyfold__val *dst,
		    const struct lg_pyfold__val *src)
{
	int error = 0;

	if (dst == src)
		return 0;
	lg_pyfold__dispose(dst);
	if ((error = lg_buf_put(&dst->b, src->b.ptr, src->b.len)) < 0)
		return error;
	if (src->n) {
		dst->items = lg__reallocarray(NULL, src->n,
					      sizeof(*src->items));
		if (!dst->items)
			return lg_error_oom();
		memcpy(dst->items, src->items, src->n * sizeof(*src->items));
		dst->n = dst->cap = src->n;
	}
	dst->kind = src->kind;
	dst->i = src->i;
	dst->first = src->first;
	dst->end = src->end;
	dst->param = src->param;
	dst->simple = src->simple;
	return 0;
}

static int grow_items(struct lg_pyfold__val *list)
{
	struct lg_pyfold__item *v;
	size_t cap;

	if (list->n < list->cap)
		return 0;
	if (list->n >= LG_MAX_FOLD_ITEMS)
		return lg_error_toobig("folded list longer than %u items",
				       LG_MAX_FOLD_ITEMS);
	cap = list->cap ? list->cap * 2 : 16;
	if (cap > LG_MAX_FOLD_ITEMS)
		cap = LG_MAX_FOLD_ITEMS;
	if (!(v = lg__reallocarray(list->items, cap, sizeof(*v))))
		return lg_error_oom();
	list->items = v;
	list->cap = cap;
	return 0;
}

int lg_pyfold__push_bytes(struct lg_pyfold__val *list,
			  enum lg_pyfold__kind kind, const char *p, size_t n)
{
	struct lg_pyfold__item *it;
	size_t off = list->b.len;
	int error = 0;

	if ((error = grow_items(list)) < 0 ||
	    (error = lg_buf_put(&list->b, p, n)) < 0)
		return error;
	it = &list->items[list->n++];
	it->i = 0;
	it->off = (uint32_t)off;
	it->len = (uint32_t)n;
	it->kind = (uint8_t)kind;
	return 0;
}

int lg_pyfold__push_int(struct lg_pyfold__val *list, int64_t i)
{
	int error = 0;

	if ((error = grow_items(list)) < 0)
		return error;
	list->items[list->n].i = i;
	list->items[list->n].off = 0;
	list->items[list->n].len = 0;
	list->items[list->n++].kind = LG_FV_INT;
	return 0;
}

int lg_pyfold__push(struct lg_pyfold__val *list,
		    const struct lg_pyfold__val *item)
{
	if (item->kind == LG_FV_STR || item->kind == LG_FV_BYTES)
		return lg_pyfold__push_bytes(list, item->kind, item->b.ptr,
					     item->b.len);
	if (item->kind != LG_FV_INT)
		return LG_EINVALID;
	return lg_pyfold__push_int(list, item->i);
}

int lg_pyfold__item(struct lg_pyfold__val *out,
		    const struct lg_pyfold__val *list, size_t k)
{
	const struct lg_pyfold__item *it = &list->items[k];

	if (it->kind == LG_FV_INT) {
		lg_pyfold__set_int(out, it->i);
		return 0;
	}
	return lg_pyfold__set_bytes(out, (enum lg_pyfold__kind)it->kind,
				    list->b.ptr + it->off, it->len);
}

size_t lg_pyfold__char_len(const char *p, size_t avail)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t n;

	if (avail == 0)
		return 0;
	if (u[0] < 0xC2 || u[0] > 0xF4)
		return 1;
	n = u[0] < 0xE0 ? 2 : u[0] < 0xF0 ? 3 : 4;
	if (avail < n)
		return 1;
	for (size_t i = 1; i < n; i++)
		if ((u[i] & 0xC0) != 0x80)
			return 1;
	return n;
}

bool lg_pyfold__is_utf8(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t k;

	for (size_t i = 0; i < n; i += k) {
		k = lg_pyfold__char_len(p + i, n - i);
		if (k == 1 && u[i] >= 0x80)
			return false;
		if (k > 1 && ((u[i] == 0xE0 && u[i + 1] < 0xA0) ||
			      (u[i] == 0xED && u[i + 1] >= 0xA0) ||
			      (u[i] == 0xF0 && u[i + 1] < 0x90) ||
			      (u[i] == 0xF4 && u[i + 1] >= 0x90)))
			return false;
	}
	return true;
}

int lg_pyfold__put_utf8(struct lg_buf *out, int64_t cp)
{
	if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return LG_EINVALID;
	return lg_utf8_put(out, (uint32_t)cp);
}

int lg_pyfold__next(struct lg_pyfold__val *out, bool *more,
		    const struct lg_pyfold__val *seq, size_t *cursor)
{
	size_t k = *cursor, n;

	*more = false;
	switch (seq->kind) {
	case LG_FV_LIST:
		if (k >= seq->n)
			return 0;
		*more = true;
		*cursor = k + 1;
		return lg_pyfold__item(out, seq, k);
	case LG_FV_BYTES:
		if (k >= seq->b.len)
			return 0;
		*more = true;
		*cursor = k + 1;
		lg_pyfold__set_int(out, (unsigned char)seq->b.ptr[k]);
		return 0;
	case LG_FV_STR:
		if (k >= seq->b.len)
			return 0;
		*more = true;
		n = lg_pyfold__char_len(seq->b.ptr + k, seq->b.len - k);
		*cursor = k + n;
		return lg_pyfold__set_bytes(out, LG_FV_STR, seq->b.ptr + k, n);
	default:
		return LG_EINVALID;
	}
}
