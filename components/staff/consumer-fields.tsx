import { US_STATES } from '@/lib/connect/us-states';
import { Field } from '../ui/field';
import { SelectField } from './fields';

/**
 * The consumer inputs Mastercard needs (spec NewConsumer) apart from the names and the email,
 * which each form places itself: state, SSN or birth date, phone, optional address.
 */
export function ConsumerFields({
  idPrefix,
  fieldErrors,
}: {
  idPrefix: string;
  fieldErrors: Record<string, string> | undefined;
}) {
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <>
      <SelectField
        id={id('state')}
        name="state"
        label="State"
        defaultValue=""
        required
        error={fieldErrors?.state}
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
        name="birthday"
        label="Birth date"
        type="date"
        hint="A birth date or an SSN is needed."
        autoComplete="off"
        error={fieldErrors?.birthday}
      />
      <Field
        id={id('ssn')}
        name="ssn"
        label="SSN"
        inputMode="numeric"
        hint="Nine digits. Passed to Mastercard, never stored here."
        autoComplete="off"
        error={fieldErrors?.ssn}
      />
      <Field
        id={id('phone')}
        name="phone"
        label="Phone"
        type="tel"
        hint="A phone number or an email address is needed."
        autoComplete="off"
        error={fieldErrors?.phone}
      />
      <Field
        id={id('address')}
        name="address"
        label="Street address (optional)"
        autoComplete="off"
        error={fieldErrors?.address}
      />
      <Field
        id={id('city')}
        name="city"
        label="City (optional)"
        autoComplete="off"
        error={fieldErrors?.city}
      />
      <Field
        id={id('zip')}
        name="zip"
        label="ZIP code (optional)"
        inputMode="numeric"
        autoComplete="off"
        error={fieldErrors?.zip}
      />
    </>
  );
}
