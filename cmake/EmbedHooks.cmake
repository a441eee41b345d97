# SPDX-License-Identifier: MIT
# Writes OUT: the git hooks of HOOKS_DIR as C byte arrays, so that
# `lockgate install-hook` writes exactly the files in hooks/.
set(content "/* Generated from hooks/ by cmake/EmbedHooks.cmake: do not edit. */\n")
foreach(name pre-commit pre-push)
	file(READ "${HOOKS_DIR}/${name}" hex HEX)
	string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
	string(MAKE_C_IDENTIFIER "${name}" id)
	string(APPEND content "extern const unsigned char lg_hook_${id}[];\n"
		"const unsigned char lg_hook_${id}[] = {${hex} 0x00};\n")
endforeach()
file(WRITE "${OUT}" "${content}")
