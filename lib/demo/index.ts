export { loadCatalogue } from "@/lib/demo/load-catalogue";
export {
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  ensureInitialAdmin,
  FIRST_DEMO_HALL,
  loadDemo,
  SECOND_DEMO_HALL,
} from "@/lib/demo/load-demo";
export { forgetInitialAdminPassword, INITIAL_ADMIN_PASSWORD_FILE, seedDatabase } from "@/lib/demo/seed-database";
