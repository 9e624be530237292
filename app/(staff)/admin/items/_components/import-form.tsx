"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/button";
import { FormAlert } from "@/components/form-alert";
import { importCatalogueFile, type ImportState } from "../actions";

const LIMIT = 1024 * 1024;

/** Upload of the district's workbook: every wrong cell listed, or what was added and changed. */
export function ImportForm() {
  const [state, action] = useActionState<ImportState, FormData>(importCatalogueFile, { attempt: 0 });
  const [tooBig, setTooBig] = useState(false);
  const { result, errors } = state;
  return (
    // Folded until used: the list is what the admin comes for; open again after an import to show its answer.
    <details open={state.attempt > 0} className="rounded-xl bg-white p-4 shadow-sm">
      <summary className="flex min-h-11 cursor-pointer items-center text-lg font-bold">导入区里下发的事项目录</summary>
      <form action={action} className="mt-2 space-y-3" aria-label="导入事项目录">
        <p className="text-sm text-slate-600">
          格式与“导出
          Excel”相同：「事项」表每行一个事项，「材料」表按事项编码列出材料。任何一行有错都不会导入，目录保持不变；未列入文件的事项不受影响。
        </p>
        <div className="flex flex-wrap items-end gap-3">
          <label className="block">
            <span className="block font-semibold">Excel 文件（.xlsx）</span>
            <input
              type="file"
              name="file"
              required
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => setTooBig((e.target.files?.[0]?.size ?? 0) > LIMIT)}
              className="mt-1 block min-h-14 rounded-lg border-2 border-slate-400 bg-white p-3"
            />
          </label>
          <Button type="submit" size="staff" pendingLabel="导入中…" disabled={tooBig}>
            导入
          </Button>
        </div>
        {tooBig && <FormAlert message="文件过大（最多 1 MB），请确认选择的是事项目录" />}
        <FormAlert message={state.message} />
        {errors && errors.length > 0 && (
          <div className="max-h-96 overflow-auto">
            <table className="w-full text-sm" data-testid="import-errors">
              <caption className="sr-only">导入错误</caption>
              <thead>
                <tr className="text-left">
                  <th scope="col" className="p-1">
                    工作表
                  </th>
                  <th scope="col" className="p-1">
                    行
                  </th>
                  <th scope="col" className="p-1">
                    列
                  </th>
                  <th scope="col" className="p-1">
                    问题
                  </th>
                </tr>
              </thead>
              <tbody>
                {errors.map((e, i) => (
                  <tr key={i} className="border-t border-slate-100">
                    <td className="p-1">{e.sheet || "—"}</td>
                    <td className="p-1">{e.row || "—"}</td>
                    <td className="p-1">{e.column || "—"}</td>
                    <td className="p-1 text-red-800">{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {result && (
          <FormAlert
            tone="success"
            message={`导入完成：新增 ${result.created.length} 项，修改 ${result.updated.length} 项，${result.unchanged} 项无变化。`}
          >
            {result.created.length + result.updated.length > 0 && (
              <p className="text-sm">{[...result.created.map((c) => `${c}（新增）`), ...result.updated].join("、")}</p>
            )}
          </FormAlert>
        )}
      </form>
    </details>
  );
}
