/* SPDX-License-Identifier: MIT */
/* libc functions we never call from core/ (after git's banned.h). */
#ifndef LG_BANNED_H
#define LG_BANNED_H

#define LG_BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) LG_BANNED(strcpy)
#undef strcat
#define strcat(x, y) LG_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) LG_BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) LG_BANNED(strncat)
#undef sprintf
#define sprintf(...) LG_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) LG_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) LG_BANNED(strtok)
#undef gets
#define gets(x) LG_BANNED(gets)
#undef atoi
#define atoi(x) LG_BANNED(atoi)
#undef atol
#define atol(x) LG_BANNED(atol)
#undef gmtime
#define gmtime(x) LG_BANNED(gmtime)
#undef localtime
#define localtime(x) LG_BANNED(localtime)
#undef mktemp
#define mktemp(x) LG_BANNED(mktemp)
#undef tmpnam
#define tmpnam(x) LG_BANNED(tmpnam)
#undef system
#define system(x) LG_BANNED(system)
#undef popen
#define popen(x, y) LG_BANNED(popen)
#undef getenv
#define getenv(x) LG_BANNED(getenv)
#undef printf
#define printf(...) LG_BANNED(printf)
#undef exit
#define exit(x) LG_BANNED(exit)

#endif
