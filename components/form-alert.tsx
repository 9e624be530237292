import type { ReactNode } from "react";

/**
 * The form-level message above (or below) a form: an error with `role="alert"`, announced at
 * once, or with `tone="success"` a confirmation with `role="status"`. Renders nothing without a
 * message or children, so it can stand in the form unconditionally.
 *
 * ```tsx
 * <FormAlert message={state.message} />
 * <FormAlert message="该时段已约满"><p>选择其他时段…</p></FormAlert>
 * ```
 */
export function FormAlert({
  message,
  tone = "error",
  children,
  className,
}: {
  message?: ReactNode;
  tone?: "error" | "success";
  /** More under the message: links to a way out (another slot, the waitlist). */
  children?: ReactNode;
  /** Layout classes only (margins). */
  className?: string;
}) {
  if (!message && !children) return null;
  const isError = tone === "error";
  return (
    <div
      role={isError ? "alert" : "status"}
      className={`rounded-lg border-2 p-3 ${className ?? ""} ${isError ? "border-red-700 bg-red-50 text-red-900" : "border-green-700 bg-green-50 text-green-900"}`}
    >
      {message && <p className="font-bold">{message}</p>}
      {children}
    </div>
  );
}
