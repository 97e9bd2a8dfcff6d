UNIT_TESTS += test_memmap test_memmap_random test_memory
$(BUILD)/unit/test_memmap: tests/unit/test_memmap.c services/memmap.c
$(BUILD)/unit/test_memmap_random: tests/unit/test_memmap_random.c services/memmap.c
$(BUILD)/unit/test_memory: tests/unit/test_memory.c services/memory.c services/memory_log.c services/memmap.c services/mat.c
