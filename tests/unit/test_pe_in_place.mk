UNIT_TESTS += test_pe_in_place
$(BUILD)/unit/test_pe_in_place: tests/unit/test_pe_in_place.c tests/unit/pe/pe_build.c pe/pe.c pe/pe.h tests/unit/pe/pe_build.h
