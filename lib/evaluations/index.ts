export { closeFollowUp } from "@/lib/evaluations/close-follow-up";
export { getRatingTarget, type RatingTarget } from "@/lib/evaluations/get-rating-target";
export { getPadState, type PadState } from "@/lib/evaluations/get-pad-state";
export { EVALUATION_REASONS, FOLLOW_UP_WORKING_DAYS, LEVEL_LABEL } from "@/lib/evaluations/labels";
export { listFollowUps, type FollowUp } from "@/lib/evaluations/list-follow-ups";
export { submitEvaluation } from "@/lib/evaluations/submit-evaluation";
export { submitPadEvaluation } from "@/lib/evaluations/submit-pad-evaluation";
