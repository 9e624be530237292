import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

/** `public`: the villager's phone pages (controls ≥ 60 px, large text); `staff`: the consoles. */
export type FieldDensity = "public" | "staff";

const LABEL: Record<FieldDensity, string> = { public: "block font-bold", staff: "block font-semibold" };
const CONTROL: Record<FieldDensity, string> = {
  public:
    "mt-1 block min-h-[60px] w-full rounded-lg border-2 border-slate-500 bg-white px-3 text-lg aria-invalid:border-red-700",
  staff: "mt-1 block min-h-14 w-full rounded-lg border-2 border-slate-400 bg-white px-3 aria-invalid:border-red-700",
};
const HINT: Record<FieldDensity, string> = {
  public: "mt-1 text-base text-slate-700",
  staff: "mt-1 text-sm text-slate-600",
};
const ERROR = "mt-1 font-semibold text-red-800";

/** The props of a mobile-phone input (11 digits, the numeric keypad): `<Field {...PHONE_INPUT} label=… />`. */
export const PHONE_INPUT = {
  name: "phone",
  type: "tel",
  inputMode: "numeric",
  autoComplete: "tel",
  maxLength: 11,
} as const;

/** What a custom control (`as="custom"`) must spread onto itself to be labelled and described. */
export interface FieldControlProps {
  id: string;
  className: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

interface FieldFrame {
  /** The visible label; e2e specs find controls by it (`getByLabel("姓名")`), so keep its words. */
  label: ReactNode;
  /** A standing hint under the control, announced with it. */
  hint?: ReactNode;
  /** The field's error (from zod's `fieldErrors` or the server); sets `aria-invalid`. */
  error?: string;
  density?: FieldDensity;
  /** Classes of the wrapper (layout: `flex-1`, grid spans). */
  className?: string;
  /** Extra classes of the control (`font-mono uppercase`), added to the density's own. */
  controlClassName?: string;
}

type Omitted = "id" | "className" | "aria-invalid" | "aria-describedby" | "children";
type InputField = FieldFrame & { as?: "input"; id?: string; name: string } & Omit<
    InputHTMLAttributes<HTMLInputElement>,
    Omitted | "name"
  >;
type SelectField = FieldFrame & { as: "select"; id?: string; name: string; children?: ReactNode } & Omit<
    SelectHTMLAttributes<HTMLSelectElement>,
    Omitted | "name"
  >;
type TextareaField = FieldFrame & { as: "textarea"; id?: string; name: string } & Omit<
    TextareaHTMLAttributes<HTMLTextAreaElement>,
    Omitted | "name"
  >;
type CustomField = FieldFrame & { as: "custom"; id: string; children: (control: FieldControlProps) => ReactNode };

export type FieldProps = InputField | SelectField | TextareaField | CustomField;

/**
 * A labelled form control with its hint and error. `aria-describedby` names only the hint and
 * error elements that are rendered, and `aria-invalid` is set only while there is an error.
 * Everything else (`name`, `type`, `maxLength`, `inputMode`, `autoComplete`, `defaultValue`,
 * `value`/`onChange` …) goes to the control as given.
 *
 * To keep what the villager typed after a server error, pass the submitted value back as
 * `defaultValue` and key the form by the attempt (`<form key={state.attempt}>`): React resets a
 * form after its action, and the key remounts the inputs with the returned values.
 *
 * ```tsx
 * <Field {...PHONE_INPUT} label="手机号码"
 *        defaultValue={state.values?.phone} error={state.fields?.phone} hint="用于接收预约短信" />
 * <Field as="select" label="转给" name="target" density="staff">{options}</Field>
 * ```
 */
export function Field(props: FieldProps) {
  const { label, hint, error, density = "public", className, controlClassName } = props;
  const id = props.as === "custom" ? props.id : (props.id ?? props.name);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const control: FieldControlProps = {
    id,
    className: controlClassName ? `${CONTROL[density]} ${controlClassName}` : CONTROL[density],
    "aria-invalid": error ? true : undefined,
    "aria-describedby": [errorId, hintId].filter(Boolean).join(" ") || undefined,
  };
  return (
    <div className={className}>
      <label htmlFor={id} className={LABEL[density]}>
        {label}
      </label>
      {renderControl(props, control)}
      {hint && (
        <p id={hintId} className={HINT[density]}>
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className={ERROR}>
          {error}
        </p>
      )}
    </div>
  );
}

function renderControl(props: FieldProps, control: FieldControlProps) {
  switch (props.as) {
    case "custom":
      return props.children(control);
    case "select":
      return <select {...nativeAttributes(props)} {...control} />;
    case "textarea":
      return <textarea {...nativeAttributes(props)} {...control} className={`${control.className} py-2`} />;
    default:
      return <input {...nativeAttributes(props)} {...control} />;
  }
}

/** The props that belong to the control itself, without the frame's own. */
function nativeAttributes<P extends FieldFrame & { as?: string }>(props: P) {
  const {
    as: _as,
    label: _label,
    hint: _hint,
    error: _error,
    density: _density,
    className: _className,
    controlClassName: _controlClassName,
    ...attributes
  } = props;
  return attributes;
}
