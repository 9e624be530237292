/**
 * A person on one line: `张三 · 138****8000 · 330185********1234`. Takes phone and ID numbers as
 * the server masked them (`phoneMasked`, `idNumberMasked`); a value that arrives without its
 * mask is not shown in clear but as `****` (invariant 6: masked everywhere but where a clerk
 * must see the number — and that screen does not use this component).
 */
export function MaskedPerson({
  name,
  phone,
  idNumber,
  className,
}: {
  name: string;
  phone?: string | null;
  idNumber?: string | null;
  className?: string;
}) {
  const numbers = [phone, idNumber].filter((n): n is string => !!n).map((n) => (n.includes("*") ? n : "****"));
  return <span className={`whitespace-nowrap tabular-nums ${className ?? ""}`}>{[name, ...numbers].join(" · ")}</span>;
}
