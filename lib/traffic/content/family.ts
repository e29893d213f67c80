/**
 * A family: a sub-type of traffic within a category, with its ground truth.
 *
 * @module
 */
import type { Category, Expected } from "../../model/category.ts";
import type { Render } from "./compile_template.ts";

/** One family of generated content. */
export interface Family {
  /** The category this family belongs to. */
  readonly category: Category;
  /** Family name, e.g. `sql_injection`; unique within its category. */
  readonly name: string;
  /** Relative weight within the category. */
  readonly weight: number;
  /** The outcome a careful assistant reaches for every input of this family. */
  readonly expected: Expected;
  /** Produces one input. */
  readonly render: Render;
}
