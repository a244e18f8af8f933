/**
 * The rule language staff write offer eligibility and scoring rules in: CEL over the facts of one
 * shopper, one context and one offer ({@link org.tailor.scoring.rules.language.RuleFacts}),
 * compiled and type-checked when saved ({@link org.tailor.scoring.rules.language.RuleCompiler}).
 * Used by the scoring-rules plugin and by the host to validate and apply offer eligibility rules.
 */
package org.tailor.scoring.rules.language;
