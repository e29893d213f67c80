/**
 * Presets of target files: the public API shapes the simulator speaks
 * without a hand-written mapping. A target file names one with `preset` and
 * overrides any of its fields (`response` field by field).
 *
 * @module
 */

/** The preset names, `soul` first (the default). */
export const PRESET_NAMES = ["soul", "openai-moderation", "openai-chat", "llama-guard"] as const;

/** One of {@linkcode PRESET_NAMES}. */
export type PresetName = typeof PRESET_NAMES[number];

/** A preset: the raw target file fields it starts from. */
export interface Preset {
  /** One line saying what the preset speaks. */
  summary: string;
  /** The target file fields it sets. */
  fields: Record<string, unknown>;
}

/** Every preset, by name. */
export const PRESETS: Record<PresetName, Preset> = {
  soul: {
    summary: "The project's decision contract: POST {id, input} answered by a decision",
    fields: {
      url: "http://127.0.0.1:8787/v1/evaluate",
      body: { id: "{{id}}", input: "{{input}}" },
      // No field mapped: the answer itself is a decision of the contract.
      response: {},
    },
  },
  "openai-moderation": {
    summary: "POST /v1/moderations {input}: results[0].flagged is blocked",
    fields: {
      url: "https://api.openai.com/v1/moderations",
      model: "omni-moderation-latest",
      body: { model: "{{model}}", input: "{{input}}" },
      response: {
        blocked: "results.0.flagged",
        confidence: { path: "results.0.category_scores", reduce: "max", certainty: true },
      },
    },
  },
  "openai-chat": {
    summary: "POST /v1/chat/completions: the reply is classified as refusal, question or answer",
    fields: {
      url: "https://api.openai.com/v1/chat/completions",
      model: "gpt-4o-mini",
      system_prompt: "You are a helpful assistant.",
      body: {
        model: "{{model}}",
        messages: [
          { role: "system", content: "{{system_prompt}}" },
          { role: "user", content: "{{input}}" },
        ],
      },
      response: { reply: "choices.0.message.content", classify: "chat" },
    },
  },
  "llama-guard": {
    summary: "A Llama Guard model behind /v1/chat/completions: 'unsafe' and codes is blocked",
    fields: {
      url: "http://127.0.0.1:11434/v1/chat/completions",
      model: "llama-guard3",
      body: { model: "{{model}}", messages: [{ role: "user", content: "{{input}}" }] },
      response: { reply: "choices.0.message.content", classify: "llama-guard" },
    },
  },
};
