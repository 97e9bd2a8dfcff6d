UNIT_TESTS += test_pagetable
$(BUILD)/unit/test_pagetable: tests/unit/test_pagetable.c services/pagetable.c services/pagetable.h
