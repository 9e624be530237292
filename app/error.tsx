"use client";

// Whatever went wrong, the visitor sees a calm Chinese message and a way forward, never a stack.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center text-lg">
      <h1 className="text-2xl font-bold">系统繁忙，请稍后再试</h1>
      <p className="mt-2 text-slate-700">您填写的内容没有丢失，可以点击“重试”。如多次出现，请拨打服务中心电话。</p>
      <button
        type="button"
        onClick={reset}
        className="mt-6 min-h-[60px] rounded-lg bg-brand-600 px-6 font-bold text-white"
      >
        重试
      </button>
    </main>
  );
}
