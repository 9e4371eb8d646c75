'use client';

import { InstitutionSearch } from '../institutions/institution-search';
import { useConnect } from './connect-provider';

/** Lite: our institution search, then Mastercard's sign-in for the chosen institution. */
export function LiteSearch() {
  const connect = useConnect();
  return (
    <InstitutionSearch
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
