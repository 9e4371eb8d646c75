'use client';

import { useConnect } from './connect-context';
import { InstitutionSearchOnDemand } from '../institutions/institution-search-on-demand';

/** Lite: our institution search, then Mastercard's sign-in for the chosen institution. */
export function LiteSearch() {
  const connect = useConnect();
  return (
    <InstitutionSearchOnDemand
      disabled={connect.busy}
      onChoose={(institution, input) =>
        connect.start(
          { kind: 'lite', institutionId: institution.id, institutionName: institution.name },
          input,
        )
      }
      onUseFullSearch={(trigger) => connect.start({ kind: 'full' }, trigger)}
    />
  );
}
