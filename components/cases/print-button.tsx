"use client";

const BUTTON = "min-h-12 rounded-xl bg-brand-600 px-6 text-lg font-bold text-white";

export function PrintButton({ label = "打印", className = BUTTON }: { label?: string; className?: string }) {
  return (
    <button type="button" onClick={() => window.print()} className={className}>
      {label}
    </button>
  );
}
