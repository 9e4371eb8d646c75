import { US_STATES } from '@/lib/connect/us-states';
import { SelectField } from '../staff/fields';
import { Field } from '../ui/field';

/**
 * The consumer inputs Mastercard needs (spec NewConsumer) apart from the names and the email,
 * which each form places itself: state, SSN or birth date, phone, optional address.
 */
export function ConsumerFields({
  idPrefix,
  namePrefix = '',
  fieldErrors,
}: {
  idPrefix: string;
  /** Namespaces the inputs (e.g. `primary.`) when one form holds two people. */
  namePrefix?: string;
  fieldErrors: Record<string, string> | undefined;
}) {
  const id = (name: string) => `${idPrefix}-${name}`;
  const error = (name: string) => fieldErrors?.[`${namePrefix}${name}`];
  return (
    <>
      <SelectField
        id={id('state')}
        name={`${namePrefix}state`}
        label="State"
        defaultValue=""
        required
        error={error('state')}
      >
        <option value="" disabled>
          Choose a state
        </option>
        {US_STATES.map((state) => (
          <option key={state} value={state}>
            {state}
          </option>
        ))}
      </SelectField>
      <Field
        id={id('birthday')}
        name={`${namePrefix}birthday`}
        label="Birth date"
        type="date"
        hint="A birth date or an SSN is needed."
        autoComplete="off"
        error={error('birthday')}
      />
      <Field
        id={id('ssn')}
        name={`${namePrefix}ssn`}
        label="SSN"
        inputMode="numeric"
        hint="Nine digits. Passed to Mastercard, never stored here."
        autoComplete="off"
        error={error('ssn')}
      />
      <Field
        id={id('phone')}
        name={`${namePrefix}phone`}
        label="Phone"
        type="tel"
        hint="A phone number or an email address is needed."
        autoComplete="off"
        error={error('phone')}
      />
      <Field
        id={id('address')}
        name={`${namePrefix}address`}
        label="Street address (optional)"
        autoComplete="off"
        error={error('address')}
      />
      <Field
        id={id('city')}
        name={`${namePrefix}city`}
        label="City (optional)"
        autoComplete="off"
        error={error('city')}
      />
      <Field
        id={id('zip')}
        name={`${namePrefix}zip`}
        label="ZIP code (optional)"
        inputMode="numeric"
        autoComplete="off"
        error={error('zip')}
      />
    </>
  );
}
