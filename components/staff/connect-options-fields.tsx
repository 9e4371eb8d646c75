import { CheckboxField, SelectField } from './fields';
import { CONNECT_LANGUAGES } from './labels';
import { Field } from '../ui/field';

/** The optional Connect parameters the portal exposes: experience, language, single use. */
export function ConnectOptionsFields({
  idPrefix,
  fieldErrors,
  singleUse = true,
}: {
  idPrefix: string;
  fieldErrors: Record<string, string> | undefined;
  singleUse?: boolean;
}) {
  return (
    <>
      <Field
        id={`${idPrefix}-experience`}
        name="experience"
        label="Experience (optional)"
        hint='"default" or an experience ID (a GUID); empty for the stock look.'
        autoComplete="off"
        error={fieldErrors?.experience}
      />
      <SelectField
        id={`${idPrefix}-language`}
        name="language"
        label="Language"
        defaultValue=""
        error={fieldErrors?.language}
      >
        <option value="">The browser&apos;s language</option>
        {CONNECT_LANGUAGES.map((language) => (
          <option key={language.value} value={language.value}>
            {language.label} ({language.value})
          </option>
        ))}
      </SelectField>
      {singleUse ? (
        <CheckboxField
          id={`${idPrefix}-singleUseUrl`}
          name="singleUseUrl"
          label="Single use"
          hint="The link stops working once it has been opened."
          error={fieldErrors?.singleUseUrl}
        />
      ) : null}
    </>
  );
}
