// The Open Finance API as the portal uses it, one module per area. Codes and messages follow the
// spec and Mastercard's own API tests (aggregation errors carry numeric codes, Connect errors
// string codes with status/user_message/tags, exactly as those tests parse them).
import type { SandboxContext } from '../context';
import type { Router } from '../http';
import { registerAccounts } from './accounts';
import { registerAuthentication } from './authentication';
import { registerConnect } from './connect';
import { registerConsumers } from './consumers';
import { registerCustomers } from './customers';
import { registerInstitutions } from './institutions';

/** Registration order is the routes' match order, and the order of methods in `Allow`. */
export function registerApi(router: Router, ctx: SandboxContext): void {
  registerAuthentication(router, ctx);
  registerCustomers(router, ctx);
  registerConsumers(router, ctx);
  registerInstitutions(router, ctx);
  registerConnect(router, ctx);
  registerAccounts(router, ctx);
}
