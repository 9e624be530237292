import bcrypt from "bcryptjs";

// bcrypt (cost 10) through bcryptjs: pure JavaScript, so nothing native to build on the hall's PC.
const COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Compared against when the username is unknown, so that a wrong username costs as long as a
// wrong password and timing does not reveal which accounts exist.
export const DUMMY_HASH = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8.0JQ2p1W6Ej7tY6m0wqJY1Ff0P1nK";
