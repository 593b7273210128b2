/* placeholder, replaced below */
#include "config.h"
#include "test-medusa-register.h"
void test_medusa_client_register (void) {}
