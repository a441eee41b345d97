# SPDX-License-Identifier: MIT
# INTERFACE target carrying our warning flags (STYLE.md §3.3 #10).
add_library(lg_warnings INTERFACE)
target_compile_options(lg_warnings INTERFACE
	-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wstrict-prototypes
	-Wmissing-prototypes -Wformat=2 -Wwrite-strings -Wundef -Wvla
	-Wno-sign-conversion)
if(LG_WERROR)
	target_compile_options(lg_warnings INTERFACE -Werror)
endif()
