import type { ReactNode } from 'react';
import { Button, ErrorMessage, HelperMessage, Inline, Label, RequiredAsterisk, Stack, Textfield, ValidMessage } from '@forge/react';

/** What a UI Kit field's onChange hands over: the text typed so far. */
export const valueOf = (e: unknown): string => String((e as { target?: { value?: unknown } })?.target?.value ?? '');

/** A labelled field with its helper, error or confirmation beside it (UI Kit Form layout). */
export function Field({
  id,
  label,
  required,
  helper,
  error,
  valid,
  children,
}: {
  id: string;
  label: string;
  required?: boolean;
  helper?: string | undefined;
  error?: string | undefined;
  valid?: string | undefined;
  children: ReactNode;
}) {
  return (
    <Stack space="space.050">
      <Label labelFor={id}>
        {label}
        {required ? <RequiredAsterisk /> : null}
      </Label>
      {children}
      {error ? (
        <ErrorMessage>{error}</ErrorMessage>
      ) : valid ? (
        <ValidMessage>{valid}</ValidMessage>
      ) : helper ? (
        <HelperMessage>{helper}</HelperMessage>
      ) : null}
    </Stack>
  );
}

/**
 * A list typed one row per value (allowed models, fallback chain, preconditions...):
 * each row is its own text field, so spaces, commas and half-typed values stay as typed.
 * Rows can be added, removed and, with `reorder`, moved.
 */
export function RowsField({
  name,
  label,
  helper,
  values,
  errors,
  placeholder,
  addLabel,
  reorder,
  onChange,
}: {
  name: string;
  label: string;
  helper?: string;
  values: string[];
  errors: Record<string, string | undefined>;
  placeholder?: string;
  addLabel: string;
  reorder?: boolean;
  onChange: (values: string[]) => void;
}) {
  const set = (i: number, v: string) => onChange(values.map((old, j) => (j === i ? v : old)));
  const move = (i: number, to: number) => {
    const next = [...values];
    const [item] = next.splice(i, 1);
    next.splice(to, 0, item!);
    onChange(next);
  };
  return (
    <Stack space="space.050">
      <Label labelFor={`${name}-0`}>{label}</Label>
      {values.map((v, i) => (
        <Stack key={i} space="space.025">
          <Inline space="space.100" alignBlock="center">
            <Textfield
              id={`${name}-${i}`}
              name={`${name}.${i}`}
              value={v}
              placeholder={placeholder}
              isInvalid={Boolean(errors[`${name}.${i}`])}
              onChange={(e) => set(i, valueOf(e))}
            />
            {reorder ? (
              <Button appearance="subtle" isDisabled={i === 0} onClick={() => move(i, i - 1)}>
                Up
              </Button>
            ) : null}
            {reorder ? (
              <Button appearance="subtle" isDisabled={i === values.length - 1} onClick={() => move(i, i + 1)}>
                Down
              </Button>
            ) : null}
            <Button appearance="subtle" onClick={() => onChange(values.filter((_, j) => j !== i))}>
              Remove
            </Button>
          </Inline>
          {errors[`${name}.${i}`] ? <ErrorMessage>{errors[`${name}.${i}`]}</ErrorMessage> : null}
        </Stack>
      ))}
      {helper ? <HelperMessage>{helper}</HelperMessage> : null}
      <Inline>
        <Button onClick={() => onChange([...values, ''])}>{addLabel}</Button>
      </Inline>
    </Stack>
  );
}
