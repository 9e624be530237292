export { loadCatalogue } from "@/lib/demo/load-catalogue";
export { DEMO_ACCOUNTS, DEMO_PASSWORD, ensureInitialAdmin, loadDemo } from "@/lib/demo/load-demo";
export { seedDatabase } from "@/lib/demo/seed-database";
