# tools/mkpayload's test is a shell script: tests/unit/run.sh runs it like the cmocka programs,
# through a two-line wrapper that names the mkpayload to test.
UNIT_TESTS += test_mkpayload
$(BUILD)/unit/test_mkpayload: tests/unit/test_mkpayload.sh $(BUILD)/mkpayload
	@mkdir -p $(@D)
	@printf '#!/bin/sh\nexec sh tests/unit/test_mkpayload.sh %s\n' '$(BUILD)/mkpayload' >$@ && chmod +x $@
