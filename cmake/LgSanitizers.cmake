# SPDX-License-Identifier: MIT
# INTERFACE target that turns on the sanitizers named in LG_SANITIZE.
add_library(lg_sanitize INTERFACE)
if(LG_SANITIZE)
	string(REPLACE ";" "," _lg_san "${LG_SANITIZE}")
	target_compile_options(lg_sanitize INTERFACE
		-fsanitize=${_lg_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
	target_link_options(lg_sanitize INTERFACE -fsanitize=${_lg_san})
endif()
