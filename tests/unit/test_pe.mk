UNIT_TESTS += test_pe
$(BUILD)/unit/test_pe: tests/unit/test_pe.c tests/unit/pe/pe_build.c pe/pe.c pe/pe.h tests/unit/pe/pe_build.h
