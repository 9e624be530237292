"use client";

export function PrintButton({ label = "打印" }: { label?: string }) {
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="min-h-12 rounded-xl bg-brand-600 px-6 text-lg font-bold text-white"
    >
      {label}
    </button>
  );
}
