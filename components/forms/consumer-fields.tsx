import { US_STATES } from '@/lib/connect/us-states';
import { Field } from '../ui/field';

/**
 * The consumer details Mastercard needs (spec `NewConsumer`): name, state, SSN or birth date,
 * phone or email. `prefix` namespaces the inputs (e.g. `primary.`) when a form holds two people.
 */
export function ConsumerFields({
  prefix = '',
  errors,
  defaults,
}: {
  prefix?: string;
  errors?: Record<string, string> | undefined;
  defaults?: { firstName?: string; lastName?: string; email?: string | null };
}) {
  const name = (field: string) => `${prefix}${field}`;
  const error = (field: string) => errors?.[name(field)];
  const stateId = `field-${name('state')}`;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field
        label="First name"
        name={name('firstName')}
        autoComplete="off"
        required
        defaultValue={defaults?.firstName}
        error={error('firstName')}
      />
      <Field
        label="Last name"
        name={name('lastName')}
        autoComplete="off"
        required
        defaultValue={defaults?.lastName}
        error={error('lastName')}
      />
      <div className="flex flex-col gap-1">
        <label htmlFor={stateId} className="text-sm font-medium text-slate-800">
          State
        </label>
        <select
          id={stateId}
          name={name('state')}
          defaultValue=""
          required
          aria-invalid={error('state') ? true : undefined}
          aria-describedby={error('state') ? `${stateId}-error` : undefined}
          className="rounded-md border border-slate-400 bg-white px-3 py-2 text-base"
        >
          <option value="" disabled>
            Choose a state
          </option>
          {US_STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        {error('state') ? (
          <p id={`${stateId}-error`} className="text-sm text-red-800">
            {error('state')}
          </p>
        ) : null}
      </div>
      <Field
        label="Date of birth"
        name={name('birthday')}
        type="date"
        hint="Or give the SSN instead."
        error={error('birthday')}
      />
      <Field
        label="SSN (optional with a birth date)"
        name={name('ssn')}
        inputMode="numeric"
        autoComplete="off"
        error={error('ssn')}
      />
      <Field
        label="Email"
        name={name('email')}
        type="email"
        autoComplete="off"
        hint="Or give a phone number instead."
        defaultValue={defaults?.email ?? undefined}
        error={error('email')}
      />
      <Field
        label="Phone (optional with an email)"
        name={name('phone')}
        type="tel"
        autoComplete="off"
        error={error('phone')}
      />
    </div>
  );
}
