// A plain link, not next/link: this page's client code (next/link's, 3 KB) would otherwise be part
// of every page's first load, since the not-found boundary ships with each route.
export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center text-lg">
      <h1 className="text-2xl font-bold">没有找到这个页面</h1>
      <p className="mt-2 text-slate-700">您要找的内容不存在或已经调整。</p>
      <a
        href="/"
        className="mt-6 inline-flex min-h-[60px] items-center rounded-lg bg-brand-600 px-6 font-bold text-white"
      >
        回到首页
      </a>
    </main>
  );
}
