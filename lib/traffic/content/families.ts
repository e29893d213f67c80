/**
 * Every content family, grouped by category.
 *
 * @module
 */
import type { Category } from "../../model/category.ts";
import { ADVERSARIAL_FAMILIES } from "./adversarial_families.ts";
import { ALARMING_BENIGN_FAMILIES } from "./alarming_benign_families.ts";
import { EDGE_CASE_FAMILIES } from "./edge_case_families.ts";
import { HIGH_CONFIDENCE_FAMILIES, SIMPLE_FAMILIES } from "./everyday_families.ts";
import type { Family } from "./family.ts";
import { MULTI_STEP_FAMILIES } from "./multi_step_families.ts";
import { PLAIN_HARM_FAMILIES } from "./plain_harm_families.ts";
import {
  CLARIFICATION_FAMILIES,
  CONFLICTING_GATES_FAMILIES,
  LOW_CONFIDENCE_FAMILIES,
} from "./uncertain_families.ts";

/** The families of each category; weights are relative within a category. */
export const FAMILIES: Readonly<Record<Category, readonly Family[]>> = {
  simple: SIMPLE_FAMILIES,
  multi_step: MULTI_STEP_FAMILIES,
  low_confidence: LOW_CONFIDENCE_FAMILIES,
  high_confidence: HIGH_CONFIDENCE_FAMILIES,
  conflicting_gates: CONFLICTING_GATES_FAMILIES,
  clarification: CLARIFICATION_FAMILIES,
  edge_case: [...EDGE_CASE_FAMILIES, ...ALARMING_BENIGN_FAMILIES],
  adversarial: [...ADVERSARIAL_FAMILIES, ...PLAIN_HARM_FAMILIES],
};
