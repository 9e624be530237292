export { getVillageDay, type VillageDay } from "@/lib/village/get-village-day";
export { listVillageVisits, type VillageVisitSummary } from "@/lib/village/list-village-visits";
export { syncVillageRecord, type VillageRecordResult } from "@/lib/village/sync-village-record";
