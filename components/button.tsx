"use client";

import type { ButtonHTMLAttributes, ReactNode } from "react";
import { useFormStatus } from "react-dom";

/** `primary`: the one main action; `secondary`: the others; `danger`: what cannot be undone. */
export type ButtonVariant = "primary" | "secondary" | "danger";
/** `public`: full width, ≥ 60 px high, for the villager's phone; `staff`: console bar; `compact`: inside a list row. */
export type ButtonSize = "public" | "staff" | "compact";

const VARIANT: Record<ButtonVariant, string> = {
  primary: "bg-brand-600 text-white hover:bg-brand-700",
  secondary: "border-2 border-slate-500 bg-white text-slate-900 hover:bg-slate-100",
  danger: "bg-red-700 text-white hover:bg-red-800",
};
const SIZE: Record<ButtonSize, string> = {
  public: "min-h-[64px] w-full rounded-xl px-4 text-xl",
  staff: "min-h-14 rounded-xl px-4 text-lg",
  compact: "min-h-11 rounded-md px-3 text-sm",
};

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, "className"> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /**
   * Shows `pendingLabel` and disables the button. Left out, a submit button follows its form's
   * action through `useFormStatus` (forms with `action={…}`); pass it for `onSubmit` forms.
   */
  pending?: boolean;
  /** The label while pending (`正在提交…`); the accessible name changes with it. */
  pendingLabel?: ReactNode;
  /** Layout classes only (margins, `flex-1`); colours and size come from `variant` and `size`. */
  className?: string;
}

/**
 * The one button. Defaults to `type="button"`: a submit button says `type="submit"`.
 *
 * ```tsx
 * <Button type="submit" pendingLabel="正在提交…">确认预约</Button>
 * <Button variant="danger" size="staff" onClick={…}>未到过号 (X)</Button>
 * ```
 */
export function Button({
  variant = "primary",
  size = "public",
  pending,
  pendingLabel,
  className,
  type = "button",
  disabled,
  children,
  ...rest
}: ButtonProps) {
  const form = useFormStatus();
  const isPending = pending ?? (type === "submit" && form.pending);
  const classes = `font-bold disabled:cursor-not-allowed disabled:opacity-50 ${SIZE[size]} ${VARIANT[variant]}`;
  return (
    <button
      {...rest}
      type={type}
      disabled={disabled || isPending}
      className={className ? `${classes} ${className}` : classes}
    >
      {isPending && pendingLabel ? pendingLabel : children}
    </button>
  );
}
