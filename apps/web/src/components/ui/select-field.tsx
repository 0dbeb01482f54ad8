import type { ReactNode } from 'react';
import { Field } from './field';
import { Select } from './input';

interface SelectFieldProps<V extends string | number> {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  /** '' (with a `placeholder`): nothing chosen yet. */
  value: V | '';
  options: readonly { value: V; label: string }[];
  onChange: (value: V) => void;
  /** The text of a first option that cannot be chosen, shown while nothing is. */
  placeholder?: string;
  disabled?: boolean;
  className?: string;
}

/**
 * A labelled select over typed options, with its hint and error announced with it: the common
 * case of `Field` for a choice. `onChange` gets the option's own value (a number stays a number).
 */
export function SelectField<V extends string | number>({
  label,
  hint,
  error,
  value,
  options,
  onChange,
  placeholder,
  disabled,
  className,
}: SelectFieldProps<V>) {
  return (
    <Field label={label} hint={hint} error={error}>
      {({ id, describedBy, invalid }) => (
        <Select
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          value={value}
          disabled={disabled}
          className={className}
          onChange={(e) => {
            const chosen = options.find((option) => String(option.value) === e.target.value);
            if (chosen) onChange(chosen.value);
          }}
        >
          {placeholder !== undefined && (
            <option value="" disabled>
              {placeholder}
            </option>
          )}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}
