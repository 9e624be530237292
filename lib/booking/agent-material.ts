import type { Material } from "@/db/schema";

// What the person who booked for someone else (代办人) brings to the window: the catalogue's AGENT
// material (lib/demo/catalogue-data.ts), also for an item whose list does not name it — the hall
// checks the 代办人's ID card and the letter of authority (授权委托书) for every 代办.
const AGENT_MATERIAL: Material = {
  name: "代办人居民身份证及授权委托书",
  required: true,
  copies: "原件1份",
  note: "委托他人代办时提供",
};

/** The materials to bring for a booking: the item's required ones, and for 代办 the agent's. */
export function materialsToBring(materials: Material[], isAgent: boolean): Material[] {
  const required = materials.filter((m) => m.required);
  if (!isAgent) return required;
  const listed = materials.find((m) => m.name.startsWith("代办人"));
  return [...required, listed ? { ...listed, required: true } : AGENT_MATERIAL];
}

export const AGENT_MATERIAL_NAME = AGENT_MATERIAL.name;
