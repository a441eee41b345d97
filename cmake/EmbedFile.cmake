# SPDX-License-Identifier: MIT
# Writes OUT: the bytes of IN as a NUL-terminated C array named NAME, and
# NAME_len (its length without the NUL).
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" n)
math(EXPR n "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
file(WRITE "${OUT}" "/* Generated from ${NAME_REL} by cmake/EmbedFile.cmake: do not edit. */\n"
	"#include <stddef.h>\n"
	"extern const char ${NAME}[];\nextern const size_t ${NAME}_len;\n"
	"const char ${NAME}[] = {${hex} 0x00};\nconst size_t ${NAME}_len = ${n};\n")
