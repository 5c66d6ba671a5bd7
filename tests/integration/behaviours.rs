//! The rules judge's behaviours, each pinned on its own small transcript.

use std::path::Path;

use grade::ingest::{ingest_text, IngestOptions};
use grade::judge::{grade, rules::RulesJudge};
use grade::model::{DimensionScore, Scorecard};
use grade::rubric::Rubric;
use grade::segment::Segmenter;

const ASK_DELIVERY: &str = "Interviewer: Our worker reads a message, charges the user's credit card, and then crashes before acknowledging the message. What happens next?\n";
const ASK_ORDERING: &str = "Interviewer: In Kafka, how do we guarantee that all events for a specific user_id are processed in the exact order they were generated?\n";
const ASK_TOOL: &str =
    "Interviewer: We are building an order processing system. Should we use Kafka or RabbitMQ?\n";

fn card(text: &str) -> Scorecard {
    let rubric = Rubric::default_rubric().unwrap();
    let t = ingest_text(
        Path::new("t.txt"),
        "t.txt",
        text,
        &rubric,
        &IngestOptions::default(),
    )
    .remove(0)
    .result
    .expect("the transcript reads");
    let s = Segmenter::new(&rubric)
        .segment(&t, &rubric)
        .expect("it has phases");
    grade(&t, &s, &rubric, &RulesJudge)
}

/// The scorecard of one question and one answer to it.
fn answer(ask: &str, said: &str) -> Scorecard {
    card(&format!("{ask}Candidate: {said}\n"))
}

/// Builds the scorecard of one answer to a question: [`answer`], or [`scaled`].
type Transcript = fn(&str, &str) -> Scorecard;

/// Asserts each `(question, answer)`, read as `build` sets it in a transcript:
/// the answer raises no red flag, naming the answer when it does.
fn assert_no_flags_in(build: Transcript, cases: &[(&str, &str)]) {
    for &(ask, said) in cases {
        let c = build(ask, said);
        assert!(flags(&c).is_empty(), "{said}: {:?}", flags(&c));
    }
}

/// Asserts each `(question, answer, flag)`, read as `build` sets it in a
/// transcript: the answer raises exactly that flag, naming the answer when not.
fn assert_flags_in(build: Transcript, cases: &[(&str, &str, &str)]) {
    for &(ask, said, flag) in cases {
        assert_eq!(flags(&build(ask, said)), [flag], "{said}");
    }
}

/// Asserts that an answer raises no red flag, naming the answer when it does.
fn assert_no_flag(ask: &str, said: &str) {
    assert_no_flags_in(answer, &[(ask, said)]);
}

/// Asserts that an answer raises exactly `flag`, naming the answer when not.
fn assert_flag(ask: &str, said: &str, flag: &str) {
    assert_flags_in(answer, &[(ask, said, flag)]);
}

/// Asserts each `(question, answer, flag)`: the answer raises exactly that flag.
fn assert_flags(cases: &[(&str, &str, &str)]) {
    assert_flags_in(answer, cases);
}

/// Asserts each `(question, answer)`: the answer raises no red flag.
fn assert_no_flags(cases: &[(&str, &str)]) {
    assert_no_flags_in(answer, cases);
}

const ASK_SCALING: &str = "Interviewer: How would you scale the consumers?\n";

/// The scorecard of an answer to `ask`, after the ordering question was
/// answered by keying: the phase is about the consumers.
fn scaled(ask: &str, said: &str) -> Scorecard {
    card(&format!(
        "{ASK_ORDERING}Candidate: Key by user id.\n{ask}Candidate: {said}\n"
    ))
}

fn dimension<'c>(card: &'c Scorecard, id: &str) -> &'c DimensionScore {
    card.dimensions
        .iter()
        .find(|d| d.id == id)
        .unwrap_or_else(|| panic!("the scorecard has {id}"))
}

fn score(card: &Scorecard, id: &str) -> Option<u8> {
    dimension(card, id).score
}

fn flags(card: &Scorecard) -> Vec<&str> {
    card.red_flags.iter().map(|f| f.id.as_str()).collect()
}

#[test]
fn an_echo_of_a_hint_is_capped_by_that_hint() {
    let text = format!(
        "{ASK_ORDERING}Candidate: Hmm, I would need to think about that one.\n\
         Interviewer: No, Kafka only guarantees ordering within a single partition.\n\
         Candidate: Right, so like you said, Kafka only guarantees ordering within a single partition, so we keep one user's events together by using the user_id as the key.\n"
    );
    let c = card(&text);
    let ordering = dimension(&c, "ordering");
    assert_eq!(ordering.hint_level, 2);
    assert!(ordering.score <= Some(2), "{ordering:?}");
    assert!(
        ordering
            .justification
            .contains("after the interviewer said it"),
        "{}",
        ordering.justification
    );
}

#[test]
fn correct_negations_are_not_misconceptions() {
    let text = format!(
        "{ASK_TOOL}Candidate: Kafka does not delete a message when a consumer reads it; the log keeps it for the retention period, so a new consumer group can replay it. RabbitMQ cannot replay an acknowledged message, the queue deletes it on ack. I wouldn't rely on exactly-once either.\n\
         {ASK_ORDERING}Candidate: Kafka does not guarantee ordering across the whole topic, only within a partition, so the user_id is the key.\n"
    );
    let c = card(&text);
    assert!(flags(&c).is_empty(), "{:?}", flags(&c));
    assert!(score(&c, "tool_choice") >= Some(3));
}

#[test]
fn a_negated_point_earns_nothing() {
    let said = card(&format!("{ASK_DELIVERY}Candidate: The broker redelivers the message to another worker, and the card is charged twice, so we need an idempotency key.\n"));
    let denied = card(&format!("{ASK_DELIVERY}Candidate: The broker does not redeliver it, so the card is not charged twice, and we never need an idempotency key.\n"));
    assert!(score(&said, "delivery_semantics") > score(&denied, "delivery_semantics"));
    assert_eq!(score(&denied, "delivery_semantics"), Some(1));
}

#[test]
fn keyword_stuffing_does_not_reach_level_3() {
    let text = format!(
        "{ASK_DELIVERY}Candidate: Idempotency. Deduplication. At-least-once. At-most-once. Exactly-once semantics with transactions. Outbox. Idempotent consumers everywhere, basically best practices.\n"
    );
    let c = card(&text);
    let d = dimension(&c, "delivery_semantics");
    assert!(d.score <= Some(2), "{d:?}");
    assert!(
        d.justification.contains("without explaining any mechanism"),
        "{}",
        d.justification
    );
}

#[test]
fn a_misconception_corrected_unprompted_is_not_a_red_flag() {
    let corrected = card(&format!(
        "{ASK_ORDERING}Candidate: Kafka keeps the whole topic in order, so we just read it. Actually no, let me take that back: ordering only holds within a single partition, so we key by user_id.\n"
    ));
    assert!(flags(&corrected).is_empty(), "{:?}", flags(&corrected));
    let prompted = card(&format!(
        "{ASK_ORDERING}Candidate: Kafka keeps the whole topic in order, so we just read it.\n\
         Interviewer: Are you sure about that? Does Kafka guarantee ordering across the entire topic?\n\
         Candidate: Oh, right, only within a single partition, so we key by user_id.\n"
    ));
    assert_eq!(flags(&prompted), ["global_ordering_myth"]);
    assert_eq!(prompted.red_flags[0].line, 2);
}

#[test]
fn hedged_points_count_half() {
    let sure = card(&format!("{ASK_DELIVERY}Candidate: The broker redelivers it to another worker. The card is charged twice. We need an idempotency key checked before the charge.\n"));
    let unsure = card(&format!("{ASK_DELIVERY}Candidate: Maybe the broker redelivers it to another worker? I'm not sure, maybe the card is charged twice. Perhaps some idempotency key, I guess.\n"));
    assert!(score(&sure, "delivery_semantics") > score(&unsure, "delivery_semantics"));
}

#[test]
fn uncovered_phases_and_silence_are_not_assessed_never_1() {
    let c = card(&format!(
        "{ASK_TOOL}Candidate: Kafka, because the log retains events so billing and shipping can both consume them and replay later, while a queue deletes on ack.\n\
         {ASK_DELIVERY}Candidate: Yes.\nInterviewer: Okay, we are out of time.\n"
    ));
    assert!(score(&c, "tool_choice") >= Some(2));
    assert_eq!(
        score(&c, "delivery_semantics"),
        None,
        "a bare yes says nothing on it"
    );
    assert_eq!(score(&c, "ordering"), None);
    assert_eq!(score(&c, "failure_handling"), None);
    assert_eq!(c.recommendation.as_str(), "insufficient_evidence");
}

#[test]
fn a_short_answer_that_states_a_point_is_assessed() {
    // Five words, but the point the rubric looks for: the message comes back.
    let terse = answer(ASK_POISON, "The next consumer crashes again.");
    assert_eq!(score(&terse, "failure_handling"), Some(2));
    let quote = &dimension(&terse, "failure_handling").evidence[0].quote;
    assert!(quote.contains("crashes again"), "{quote}");
    // As short, and no point: still nothing said on it.
    assert_eq!(
        score(
            &answer(ASK_POISON, "Not sure, honestly."),
            "failure_handling"
        ),
        None
    );
}

#[test]
fn scores_of_2_or_more_cite_a_verbatim_candidate_quote() {
    let text = format!(
        "{ASK_TOOL}Candidate: Kafka, because the log retains events so billing and shipping can both consume them, while a RabbitMQ queue deletes a message once it is acked.\n\
         {ASK_DELIVERY}Candidate: The broker redelivers the message and the card gets charged twice, so the worker checks an idempotency key before charging and acks only after the charge.\n"
    );
    let c = card(&text);
    for d in c.dimensions.iter().filter(|d| d.score >= Some(2)) {
        assert!(!d.evidence.is_empty(), "{} has no quote", d.id);
        for e in &d.evidence {
            assert!(
                text.lines().nth(e.line - 1).unwrap().contains(&e.quote),
                "{:?} not on line {}",
                e.quote,
                e.line
            );
        }
    }
}

#[test]
fn a_recommendation_near_a_threshold_is_flagged_for_review() {
    let c = card(&format!(
        "{ASK_TOOL}Candidate: Kafka, because the log retains events so billing and shipping can both consume them, while a RabbitMQ queue deletes a message once it is acked.\n\
         {ASK_DELIVERY}Candidate: The broker redelivers the message and the card gets charged twice, so the worker checks an idempotency key before charging and acks only after the charge.\n\
         {ASK_ORDERING}Candidate: Not sure, sorry.\n"
    ));
    let overall = c.overall.unwrap();
    let near = [3.5, 2.75, 1.75].iter().any(|t| (overall - t).abs() < 0.15);
    assert_eq!(
        !c.review.is_empty(),
        near || c
            .dimensions
            .iter()
            .any(|d| d.confidence == grade::model::Confidence::Low && d.score.is_some()),
        "{overall} {:?}",
        c.review
    );
}

#[test]
fn a_red_flag_is_not_cleared_by_its_own_rationale_or_a_later_phase() {
    let c = card(&format!(
        "{ASK_DELIVERY}Candidate: We ack as soon as we receive the message, so we never charge the card twice.\n\
         Interviewer: A message is malformed and causes a NullPointerException in the consumer. What happens to the queue?\n\
         Candidate: It is requeued again and again; dropping it silently is a risk, so we move it to a dead letter queue after three attempts.\n"
    ));
    assert_eq!(flags(&c), ["ack_before_processing"]);
}

#[test]
fn might_be_is_not_a_hedge_and_a_confident_restatement_counts() {
    let text = |verb: &str| {
        format!("{ASK_ORDERING}Candidate: Kafka only keeps order within a partition, so the user_id is the key, hashed to pick the partition, and one consumer reads it in sequence. With retries and several requests in flight, events {verb} reordered, so the consumer checks a version number and drops stale updates.\n")
    };
    assert_eq!(
        score(&card(&text("might be")), "ordering"),
        score(&card(&text("can be")), "ordering")
    );
    let restated = card(&format!(
        "{ASK_ORDERING}Candidate: Maybe the order is kept only within a partition? Yes, I am sure now: the order is kept only within a partition, so we key by user_id.\n"
    ));
    let ordering = dimension(&restated, "ordering");
    assert!(
        !ordering.justification.contains("hedged"),
        "{}",
        ordering.justification
    );
}

#[test]
fn raising_the_partitions_first_is_not_the_consumers_myth() {
    let c = card(&format!(
        "{ASK_ORDERING}Candidate: Key by user_id, so one user's events share a partition.\n\
         Interviewer: The topic has 4 partitions and the consumers lag behind. What do you do?\n\
         Candidate: If we later need 12 consumers, we first repartition the topic to twelve partitions, knowing that moves keys.\n"
    ));
    assert!(flags(&c).is_empty(), "{:?}", flags(&c));
}

#[test]
fn a_red_flag_sentence_is_no_evidence_in_turn_scope_signals_either() {
    let c = card(&format!(
        "{ASK_DELIVERY}Candidate: The producer publishes to the topic, the consumer reads it and we commit the offset first, before the charge.\n"
    ));
    assert_eq!(flags(&c), ["ack_before_processing"]);
    let flagged_line = c.red_flags[0].line;
    for d in &c.dimensions {
        for e in &d.evidence {
            assert!(
                !(e.line == flagged_line && e.signals.iter().any(|s| s == "traces_flow")),
                "{d:?}"
            );
        }
    }
}

#[test]
fn level_4_on_tool_choice_needs_replay_said_unprompted() {
    let rich = "Candidate: They solve different problems. RabbitMQ is a broker: a message is deleted once a consumer acknowledges it, which suits a work queue of order jobs with routing to different workers. Kafka is an append-only log that keeps events for the retention period, so several consumer groups each read the same order events independently, for fan-out to billing, shipping and analytics.";
    let without = card(&format!("{ASK_TOOL}{rich}\n"));
    let with = card(&format!(
        "{ASK_TOOL}{rich} And because the log is retained, a new service can replay the order history from the start.\n"
    ));
    assert_eq!(score(&without, "tool_choice"), Some(3), "{without:?}");
    assert_eq!(score(&with, "tool_choice"), Some(4), "{with:?}");
}

const ASK_POISON: &str = "Interviewer: A message is malformed and causes a NullPointerException in the consumer. What happens to the queue?\n";

#[test]
fn naming_auto_ack_as_an_option_is_not_choosing_it() {
    let named = card(&format!(
        "{ASK_DELIVERY}Candidate: There's auto-ack and manual ack, it's configurable per consumer.\n"
    ));
    assert!(
        !flags(&named).contains(&"ack_before_processing"),
        "{:?}",
        flags(&named)
    );
    let chosen = card(&format!(
        "{ASK_DELIVERY}Candidate: I'd just use auto-ack so the broker never redelivers it.\n"
    ));
    assert!(
        flags(&chosen).contains(&"ack_before_processing"),
        "{:?}",
        flags(&chosen)
    );
}

#[test]
fn idempotent_producers_do_not_excuse_the_exactly_once_myth() {
    let producers = card(&format!(
        "{ASK_DELIVERY}Candidate: We'd enable exactly-once semantics with transactions and idempotent producers, so the charge happens exactly once end to end.\n"
    ));
    assert!(
        flags(&producers).contains(&"exactly_once_myth"),
        "{:?}",
        flags(&producers)
    );
    let consumer = card(&format!(
        "{ASK_DELIVERY}Candidate: End to end exactly-once we only get from at-least-once delivery plus idempotency in the consumer.\n"
    ));
    assert!(
        !flags(&consumer).contains(&"exactly_once_myth"),
        "{:?}",
        flags(&consumer)
    );
}

#[test]
fn requeueing_as_many_times_as_it_takes_is_a_red_flag() {
    let c = card(&format!(
        "{ASK_POISON}Candidate: Puts it back and hands it out again, as many times as it takes.\n"
    ));
    assert!(flags(&c).contains(&"infinite_requeue"), "{:?}", flags(&c));
    let described = card(&format!(
        "{ASK_POISON}Candidate: It keeps getting requeued and crashing the consumers, so after five deliveries I'd dead-letter it.\n"
    ));
    assert!(
        !flags(&described).contains(&"infinite_requeue"),
        "{:?}",
        flags(&described)
    );
}

#[test]
fn a_log_kept_until_everyone_has_read_it_deletes_on_read() {
    let c = card(&format!(
        "{ASK_TOOL}Candidate: Kafka is tidy: a record stays in the topic until all the subscribed services have read it, and then the broker deletes it.\n"
    ));
    assert!(
        flags(&c).contains(&"log_deletes_on_read"),
        "{:?}",
        flags(&c)
    );
    let retained = card(&format!(
        "{ASK_TOOL}Candidate: A record stays in the topic for the retention period, even after every group has read it.\n"
    ));
    assert!(
        !flags(&retained).contains(&"log_deletes_on_read"),
        "{:?}",
        flags(&retained)
    );
}

#[test]
fn any_plain_retraction_in_the_same_answer_clears_a_myth() {
    let retracted = card(&format!(
        "{ASK_TOOL}Candidate: With Kafka, once every group has read a record the broker cleans it off the topic. No, wait, that's not right, I'm mixing it up with RabbitMQ.\n"
    ));
    assert!(flags(&retracted).is_empty(), "{:?}", flags(&retracted));
    // The same words before the claim take nothing back.
    let kept = card(&format!(
        "{ASK_TOOL}Candidate: No, wait, let me think. With Kafka, once every group has read a record the broker cleans it off the topic.\n"
    ));
    assert_eq!(flags(&kept), ["log_deletes_on_read"]);
    // A retraction only after the interviewer pushes back is still a flag.
    let pushed = card(&format!(
        "{ASK_TOOL}Candidate: With Kafka, once every group has read a record the broker cleans it off the topic.\n\
         Interviewer: Are you sure?\n\
         Candidate: No, wait, that's not right: Kafka keeps records for the retention period.\n"
    ));
    assert_eq!(flags(&pushed), ["log_deletes_on_read"]);
}

#[test]
fn paraphrases_earn_what_the_terms_earn() {
    let ask = "Interviewer: How do we keep Alice's updates in order, and how far can we scale the readers?\n";
    let plain = card(&format!(
        "{ASK_ORDERING}{ask}Candidate: A topic is cut into several sub-streams and first-in-first-out only holds inside one sub-stream. One sub-stream goes to one reader in a reader group, so with four sub-streams a fifth reader just waits around.\n"
    ));
    let terms = card(&format!(
        "{ASK_ORDERING}{ask}Candidate: A topic is cut into several partitions and first-in-first-out only holds inside one partition. One partition goes to one consumer in a consumer group, so with four partitions a fifth consumer sits idle.\n"
    ));
    for id in ["ordering", "consumption_scaling"] {
        assert!(score(&plain, id).is_some(), "{id} assessed");
        assert_eq!(score(&plain, id), score(&terms, id), "{id}");
    }
    // The quote is the candidate's own words.
    let d = dimension(&plain, "consumption_scaling");
    assert!(d.evidence.iter().any(|e| e.quote.contains("sub-stream")));
    // A payment provider named Stripe is not a stripe of a topic.
    let stripe = card(&format!(
        "{ASK_DELIVERY}Candidate: The broker redelivers it and the card is charged twice, so I'd pass the order id to Stripe as the idempotency key and check our own table before charging. And if someone says Kafka has exactly-once: that's for Kafka-to-Kafka processing. It does nothing for a call to Stripe.\n"
    ));
    assert!(flags(&stripe).is_empty(), "{:?}", flags(&stripe));
}

#[test]
fn touching_a_topic_without_a_point_or_a_claim_is_not_assessed() {
    let bare = card(&format!(
        "{ASK_TOOL}Candidate: Kafka, because it is very scalable and the throughput is great. It keeps every order for the retention period so billing and shipping can each read them.\n"
    ));
    assert_eq!(score(&bare, "consumption_scaling"), None);
    let claim = card(&format!(
        "{ASK_TOOL}Candidate: Kafka keeps every order for the retention period so billing and shipping can each read them. If it's slow we just add more workers.\n"
    ));
    assert!(score(&claim, "consumption_scaling").is_some());
}

#[test]
fn a_follow_up_that_shares_words_with_a_high_rung_is_not_that_hint() {
    let follow_up = card(&format!(
        "{ASK_DELIVERY}Candidate: Redelivered. The next worker charges again, so I'd store the order id as an idempotency key and ack after the charge.\n\
         Interviewer: And if after charging you also need to tell other services the order was charged?\n\
         Candidate: Outbox: the event row goes in the same transaction as the payment row.\n"
    ));
    let d = dimension(&follow_up, "delivery_semantics");
    assert_eq!(d.hint_level, 0, "{d:?}");
    // The rung itself, word for word, is still the level-3 hint.
    let hinted = card(&format!(
        "{ASK_DELIVERY}Candidate: It gets redelivered, I think.\n\
         Interviewer: How could the worker tell that it has already charged for this order?\n\
         Candidate: It could look the order id up before charging.\n"
    ));
    let d = dimension(&hinted, "delivery_semantics");
    assert_eq!(d.hint_level, 3);
}

#[test]
fn a_complete_unprompted_delivery_answer_is_exceptional_without_the_nuance() {
    let c = card(&format!(
        "{ASK_DELIVERY}Candidate: The broker never got the ack, so it redelivers the message to another worker, and that worker charges the card again: a double charge. That is at-least-once delivery; acking first would make it at-most-once and lose payments. So the worker stores the order id as an idempotency key with a unique constraint, checks it before charging, skips the charge if it is there, and acks only after the charge is recorded.\n"
    ));
    assert_eq!(score(&c, "delivery_semantics"), Some(4));
    // Half of it is solid, not exceptional.
    let half = card(&format!(
        "{ASK_DELIVERY}Candidate: The broker redelivers it and the card is charged twice, so I'd keep an idempotency key per order and check it before charging.\n"
    ));
    assert_eq!(score(&half, "delivery_semantics"), Some(3));
}

#[test]
fn a_leading_when_clause_belongs_to_the_claim_it_qualifies() {
    let c = card(&format!(
        "{ASK_TOOL}Candidate: Kafka, it's lighter. When a consumer has read a record and committed, Kafka deletes it, so the disk stays small.\n"
    ));
    assert_eq!(flags(&c), ["log_deletes_on_read"]);
    // About RabbitMQ the same shape is simply right.
    let rabbit = card(&format!(
        "{ASK_TOOL}Candidate: Kafka keeps records for the retention period. In RabbitMQ, once the message is acked, the broker deletes it.\n"
    ));
    assert!(flags(&rabbit).is_empty(), "{:?}", flags(&rabbit));
}

#[test]
fn denied_or_attributed_statements_are_not_claims() {
    for said in [
        "I wouldn't say the whole topic is ordered, there are several partitions.",
        "People think Kafka deletes a message once it is read, but it keeps it for the retention period.",
    ] {
        assert_no_flag(ASK_ORDERING, said);
    }
}

#[test]
fn a_short_probe_on_the_claim_makes_the_retraction_prompted() {
    let c = card(&format!(
        "{ASK_DELIVERY}Candidate: The worker acks the second it gets the message, then charges the card, so a crash never double charges.\n\
         Interviewer: What if it crashes after the ack but before the charge?\n\
         Candidate: Then the message is lost and the card is never charged. I'd ack after the charge instead.\n"
    ));
    assert_eq!(flags(&c), ["ack_before_processing"]);
}

#[test]
fn a_dimension_with_a_myth_is_never_exceptional() {
    // Excellent on tool choice, but says a queue can replay: 3 at most, then one lower.
    let c = card(&format!(
        "{ASK_TOOL}Candidate: Kafka. A log retains every event for the retention period after it is read, each consumer group keeps its own offset, so billing, shipping and analytics read the same orders independently and can replay by moving the offset back. RabbitMQ deletes a message once it is acked, which suits a work queue. And RabbitMQ can rewind a queue and replay old messages too.\n"
    ));
    assert_eq!(flags(&c), ["queue_replays"]);
    assert_eq!(score(&c, "tool_choice"), Some(2));
}

#[test]
fn a_concrete_wrong_statement_is_assessed_and_lowered_but_not_a_red_flag() {
    let c = card(&format!(
        "{ASK_TOOL}Candidate: Kafka, it keeps every order for the retention period. Kafka pushes each event to the consumers the moment it arrives, and you get consumer groups for free.\n"
    ));
    assert!(flags(&c).is_empty(), "{:?}", flags(&c));
    assert_eq!(score(&c, "consumption_scaling"), Some(1));
    let d = dimension(&c, "consumption_scaling");
    assert!(
        d.justification.contains("Said something wrong about it"),
        "{}",
        d.justification
    );
    // The right way round is a point, not a wrong statement.
    let right = card(&format!(
        "{ASK_TOOL}Candidate: Kafka, it keeps every order for the retention period. RabbitMQ pushes messages to its consumers, while Kafka consumers poll at their own pace.\n"
    ));
    assert!(score(&right, "consumption_scaling") >= Some(2));
}

#[test]
fn bare_buzzwords_leave_a_dimension_judged_from_anywhere_not_assessed() {
    let c = card(&format!(
        "{ASK_TOOL}Candidate: Kafka, it keeps every order for the retention period so several services can read it. Plus you get consumer groups, backpressure, schema registry, all of that.\n"
    ));
    assert_eq!(score(&c, "consumption_scaling"), None);
}

#[test]
fn a_retraction_that_concedes_the_point_was_prompted() {
    let c = card(&format!(
        "{ASK_DELIVERY}Candidate: That is exactly what Kafka's exactly-once is for: the transaction covers the charge too, so the card is charged once.\n\
         Interviewer: The charge is an HTTP call to the payment provider. What does aborting the Kafka transaction do to that call?\n\
         Candidate: Nothing. You're right, that is Kafka-to-Kafka only; the charge needs an idempotency key.\n"
    ));
    assert_eq!(flags(&c), ["exactly_once_myth"]);
}

#[test]
fn a_hazard_spelled_out_is_not_the_myth() {
    for said in [
        "Otherwise you can commit and crash before publishing.",
        "If you acknowledge first and then charge, a crash in between means the rider never pays.",
    ] {
        assert_no_flag(ASK_DELIVERY, said);
    }
    let plan = card(&format!(
        "{ASK_DELIVERY}Candidate: We acknowledge first and then charge, so the broker never hands it out twice.\n"
    ));
    assert_eq!(flags(&plan), ["ack_before_processing"]);
}

#[test]
fn a_challenge_on_the_answer_makes_a_later_fix_prompted() {
    let c = card(&format!(
        "{ASK_DELIVERY}Candidate: Not a problem if you run it transactionally. Read, charge, commit offset, all in one Kafka transaction. That's what EOS is for.\n\
         Interviewer: The charge goes to the payment provider. When the Kafka transaction aborts, does the card get refunded?\n\
         Candidate: No. The provider isn't part of the transaction.\n\
         Interviewer: So what do you do?\n\
         Candidate: At-least-once plus an idempotent charge keyed by the order id.\n"
    ));
    assert_eq!(flags(&c), ["exactly_once_myth"]);
}

#[test]
fn round_nine_wordings_of_myths_and_of_their_absence() {
    // Retention named as an afterthought does not take the deletion back.
    let purged = card(&format!(
        "{ASK_TOOL}Candidate: Once the consumer group has committed the offset, it gets cleaned out of the partition. Retention is just a safety net if nobody consumes.\n"
    ));
    assert_eq!(flags(&purged), ["log_deletes_on_read"]);
    // Each model described the right way round.
    let right = card(&format!(
        "{ASK_TOOL}Candidate: I think Kafka keeps the messages and RabbitMQ removes them once they are acknowledged.\n"
    ));
    assert!(flags(&right).is_empty(), "{:?}", flags(&right));
    // First in, first out for a whole topic, kept until the interviewer asks
    // whether the partitions change anything.
    let tape = card(&format!(
        "{ASK_ORDERING}Candidate: It's like a tape recorder: whatever goes on the tape first plays back first, full stop.\n\
         Interviewer: That topic has twelve partitions. Does that change anything?\n\
         Candidate: Yes, the order is only guaranteed inside each partition.\n"
    ));
    assert_eq!(flags(&tape), ["global_ordering_myth"]);
}

#[test]
fn round_ten_wordings_of_myths_and_of_their_absence() {
    let till = card(&format!(
        "{ASK_POISON}Candidate: That's fine. Put a setTimeout before the retry so it doesn't spin. Keeps going till the fix ships.\n"
    ));
    assert_eq!(flags(&till), ["infinite_requeue"]);
    let offsets = card(&format!(
        "{ASK_ORDERING}Candidate: The consumer always reads from small offset to big offset. So the order is kept, even with twelve partitions.\n"
    ));
    assert_eq!(flags(&offsets), ["global_ordering_myth"]);
    let retracted = card(&format!(
        "{ASK_ORDERING}Candidate: Key by user id. When our lag was bad I suggested we just run twelve consumers against six partitions — hm, no, that wouldn't have helped, actually.\n"
    ));
    assert!(flags(&retracted).is_empty(), "{:?}", flags(&retracted));
}

#[test]
fn round_eleven_wordings_of_myths_and_of_their_absence() {
    for said in [
        "Once it's acked it's deleted, so we couldn't re-run last week's orders from the queue.",
        "In Rabbit it is similar, if you nack with requeue true it comes back forever.",
        "You cannot just add consumers forever: one partition goes to one consumer in the group, so with 12 partitions and 20 consumers, 8 of them sit drinking tea.",
    ] {
        assert_no_flag(ASK_POISON, said);
    }
    let early = card(&format!(
        "{ASK_DELIVERY}Candidate: The first line in the handler, I delete the job from the queue. Deleting first is protecting us from the double charge.\n"
    ));
    assert_eq!(flags(&early), ["ack_before_processing"]);
}

#[test]
fn round_twelve_wordings_of_myths_and_of_their_absence() {
    // "gone" describes the plan here, not a loss the candidate sees.
    let early = card(&format!(
        "{ASK_DELIVERY}Candidate: By default, Celery acks the task the second the worker picks it up, before it runs anything. If it falls over halfway, no problem, the task is gone, nobody runs it again, no double charge.\n"
    ));
    assert_eq!(flags(&early), ["ack_before_processing"]);
    for said in [
        "The first thing I do in the handler is channel.ack(msg). Then I do the Stripe call.",
        "Service Bus removes the message when we receive it. Then we charge.",
        "The very first line deletes the job, and then we do the work.",
    ] {
        let c = answer(ASK_DELIVERY, said);
        assert_eq!(flags(&c), ["ack_before_processing"], "{said}");
    }
    // Acking early and seeing the loss is the trade-off, not the myth.
    let aware = card(&format!(
        "{ASK_DELIVERY}Candidate: With auto-ack the broker forgets the message the moment it's sent, so a crash just loses the order; we ack after the charge.\n"
    ));
    assert!(flags(&aware).is_empty(), "{:?}", flags(&aware));
    // The question names the consumers; the answer counts pods.
    let pods = card(&format!(
        "{ASK_ORDERING}Candidate: Key by user id. The topic has 8 partitions.\n\
         Interviewer: Now the profile consumers are falling behind. What do you do?\n\
         Candidate: Scale out: KEDA takes it from 8 pods to 24, three times the throughput.\n"
    ));
    assert_eq!(flags(&pods), ["consumers_exceed_partitions"]);
    let read = card(&format!(
        "{ASK_TOOL}Candidate: In Kafka when the consumer reads a message it's taken off the topic, so the topic never fills up.\n"
    ));
    assert_eq!(flags(&read), ["log_deletes_on_read"]);
    let counter = card(&format!(
        "{ASK_ORDERING}Candidate: Kafka already does that. Whoever's first in line gets served first.\n"
    ));
    assert_eq!(flags(&counter), ["global_ordering_myth"]);
    // Exactly-once claimed for a framework; Stripe named as part of the myth.
    for said in [
        "With the outbox and the inbox, the consumer is exactly-once. The framework guarantees the message is processed one time.",
        "Because of exactly-once, the broker guarantees each message gets processed one time. So Stripe only gets called once.",
    ] {
        let c = answer(ASK_DELIVERY, said);
        assert_eq!(flags(&c), ["exactly_once_myth"], "{said}");
    }
    let conditional = card(&format!(
        "{ASK_DELIVERY}Candidate: It is exactly-once only if the sink is idempotent or transactional.\n"
    ));
    assert!(flags(&conditional).is_empty(), "{:?}", flags(&conditional));
    for said in [
        "It'll keep trying until it works. Nothing gets lost.",
        "I set tries to zero on the job, which means unlimited, so it keeps going back on the queue.",
        "We nack it and it will be tried again and again until it succeeds.",
        "I'd rather keep retrying than throw an order away.",
    ] {
        let c = answer(ASK_POISON, said);
        assert_eq!(flags(&c), ["infinite_requeue"], "{said}");
    }
    let capped = card(&format!(
        "{ASK_POISON}Candidate: For a timeout we keep retrying with backoff, but after five attempts it goes to the dead-letter queue.\n"
    ));
    assert!(flags(&capped).is_empty(), "{:?}", flags(&capped));
}

#[test]
fn a_myth_said_of_kafka_without_naming_it_in_the_sentence() {
    // The answer is about Kafka; the sentence with the myth leaves it unnamed.
    let belt = card(&format!(
        "{ASK_TOOL}Candidate: Kafka is kind of like the conveyor belt in a sushi restaurant. Once a consumer takes a plate off, it's gone, nobody else gets that plate.\n"
    ));
    assert_eq!(flags(&belt), ["log_deletes_on_read"]);
    // The same words about a queue, or after a queue was named last, are right.
    for said in [
        "Kafka keeps everything for the retention period. RabbitMQ is different: once a consumer takes a message off the queue and acks, it's gone.",
        "Kafka is for the event history. For the render jobs we want: a worker takes the job, acks, and it's gone.",
    ] {
        assert_no_flag(ASK_TOOL, said);
    }
    let conveyor = card(&format!(
        "{ASK_ORDERING}Candidate: A Kafka topic is like a conveyor belt. The first box you put on is the first box that comes off at the other end.\n"
    ));
    assert_eq!(flags(&conveyor), ["global_ordering_myth"]);
    // Keying by user id is the understanding the myth lacks.
    let keyed = card(&format!(
        "{ASK_ORDERING}Candidate: Use the user id as the key, so both land on one partition of the topic. The consumer then reads them in the same order.\n"
    ));
    assert!(flags(&keyed).is_empty(), "{:?}", flags(&keyed));
}

#[test]
fn others_views_and_reasons_why_not_are_not_claims() {
    let folks = card(&format!(
        "{ASK_DELIVERY}Candidate: Folks'll tell you \"Kafka has exactly-once, turn it on and you're done\". That's for Kafka talking to Kafka; the charge needs an idempotency key.\n"
    ));
    assert!(flags(&folks).is_empty(), "{:?}", flags(&folks));
    let because = card(&format!(
        "{ASK_DELIVERY}Candidate: Ack at the end, not the start. Because if it acks and then falls over before the charge, the message is gone and the order never gets paid.\n"
    ));
    assert!(flags(&because).is_empty(), "{:?}", flags(&because));
}

#[test]
fn round_fourteen_wordings_of_myths_and_of_their_absence() {
    let save = card(&format!(
        "{ASK_TOOL}Candidate: And the other nice thing with RabbitMQ, which people don't appreciate, is if something goes wrong you can just replay.\n"
    ));
    assert_eq!(flags(&save), ["queue_replays"]);
    for said in [
        "Every queue holds its own copy, and none of those queues can be rewound after a bad deploy.",
        "And you alert on the DLQ depth so someone triages it, then you can replay it after the fix.",
    ] {
        assert_no_flag(ASK_TOOL, said);
    }
    for said in [
        "At my last company we set requeue to true on the nack, for every error, and we ran like that for months.",
        "Sooner or later someone hot-loads a fixed module and the thing drains on its own.",
    ] {
        let c = answer(ASK_POISON, said);
        assert_eq!(flags(&c), ["infinite_requeue"], "{said}");
    }
    let made = card(&format!(
        "{ASK_DELIVERY}Candidate: The offset commit and the output are in one Kafka transaction. So the payment is made exactly once; that is what the transaction buys you.\n"
    ));
    assert_eq!(flags(&made), ["exactly_once_myth"]);
    let log = card(&format!(
        "{ASK_ORDERING}Candidate: Put them on one Kafka topic. It's a log, it's ordered.\n"
    ));
    assert_eq!(flags(&log), ["global_ordering_myth"]);
    let lines = card(&format!(
        "{ASK_ORDERING}Candidate: The topic is split into lines. Inside one line, things stay in the order they were written, so one user goes to one line by key.\n"
    ));
    assert!(flags(&lines).is_empty(), "{:?}", flags(&lines));
    // A short question on what the right answer turns on prompts the fix.
    let stripe = card(&format!(
        "{ASK_DELIVERY}Candidate: With Kafka you'd just turn on exactly-once.\n\
         Interviewer: Does Kafka know that Stripe charged the card?\n\
         Candidate: No. Stripe isn't in the Kafka transaction, so it charges again; we need an idempotency key.\n"
    ));
    assert_eq!(flags(&stripe), ["exactly_once_myth"]);
}

#[test]
fn a_yes_to_a_question_that_states_the_myth_claims_it() {
    let yes = card(&format!(
        "{ASK_ORDERING}Candidate: Put all the profile updates on one topic.\n\
         Interviewer: Does Kafka guarantee ordering across the entire topic?\n\
         Candidate: Yes. That is the point of a log.\n"
    ));
    assert_eq!(flags(&yes), ["global_ordering_myth"]);
    let no = card(&format!(
        "{ASK_ORDERING}Candidate: Put all the profile updates on one topic.\n\
         Interviewer: Does Kafka guarantee ordering across the entire topic?\n\
         Candidate: Yes, within a partition; so the user id has to be the key.\n"
    ));
    assert!(flags(&no).is_empty(), "{:?}", flags(&no));
}

#[test]
fn round_sixteen_wordings_of_myths_and_of_their_absence() {
    // Idempotency set aside is not awareness of it.
    let dismissed = card(&format!(
        "{ASK_DELIVERY}Candidate: We run Kafka Streams with exactly-once. That is the whole point of the exactly-once feature, we don't need to do dedup ourselves.\n"
    ));
    assert_eq!(flags(&dismissed), ["exactly_once_myth"]);
    // A crash in the if-clause, reassurance after it: a claim, not a hazard.
    let reassured = card(&format!(
        "{ASK_DELIVERY}Candidate: If the worker dies before the commit, the transaction is aborted, and the charge is processed exactly once.\n"
    ));
    assert_eq!(flags(&reassured), ["exactly_once_myth"]);
    let tape = card(&format!(
        "{ASK_TOOL}Candidate: Kafka is like a newspaper round. Same thing: the consumer reads the message, commits its offset, and then the broker's free to clean it up.\n"
    ));
    assert_eq!(flags(&tape), ["log_deletes_on_read"]);
    assert_no_flags(&[
        (ASK_DELIVERY, "Ack first and crash and you've given someone a free flight."),
        (ASK_TOOL, "People read \"Kafka exactly-once\" in a blog and think the problem disappears, but that guarantee ends at the edge of Kafka."),
        (ASK_ORDERING, "Key by user id. On Kafka we had the HPA on consumer lag, the deployment went to forty pods, and the lag cleared once we had forty partitions."),
        (ASK_ORDERING, "Key by user id. If the topic has six partitions and I start ten consumers, four of them have no partition and do nothing."),
        (ASK_POISON, "For a bad payload, nack it with requeue set to false, so it lands in a dead letter queue instead of going round again."),
    ]);
}

#[test]
fn more_wordings_of_replays_loops_and_consumer_counts() {
    for said in [
        "With Horizon you just re-dispatch the jobs from that hour out of the queue and they run again.",
        "Analytics can just connect to the queue again and read from the beginning.",
        "Rabbit queues are durable. So they're kept and you can go back to them for a replay.",
    ] {
        let c = answer(ASK_TOOL, said);
        assert_eq!(flags(&c), ["queue_replays"], "{said}");
    }
    for said in [
        "Loop is okay. Put a sleep before the nack, one second.",
        "The message goes back and we try again, so we keep retrying and the supervision tree takes care of it.",
    ] {
        let c = answer(ASK_POISON, said);
        assert_eq!(flags(&c), ["infinite_requeue"], "{said}");
    }
    let threads = card(&format!(
        "{ASK_ORDERING}Candidate: Key by user id. To scale the consumer we raise concurrency: the topic has six partitions and we have concurrency twenty.\n"
    ));
    assert_eq!(flags(&threads), ["consumers_exceed_partitions"]);
}

#[test]
fn round_seventeen_wordings_of_myths_and_of_their_absence() {
    // Not knowing is not a claim.
    let unsure = card(&format!(
        "{ASK_ORDERING}Candidate: Hmm. I am not fully sure how Kafka keeps the order of messages.\n"
    ));
    assert!(flags(&unsure).is_empty(), "{:?}", flags(&unsure));
    // "Charged one time" because the message was acked first is the ack
    // myth, not the exactly-once one.
    let acked = card(&format!(
        "{ASK_DELIVERY}Candidate: We set autoAck true. Broker gives message, broker forgets. So crash is no problem, message already gone. Card charged one time.\n"
    ));
    assert_eq!(flags(&acked), ["ack_before_processing"]);
    for said in [
        "It is like the paper roll in a shop till: once the consumer group has committed the offset, that piece is torn off. So disks stay small even with millions of orders per day.",
        "Kafka behaves in the same manner: as soon as the consumer group has committed its offset, the broker frees them.",
    ] {
        let c = answer(ASK_TOOL, said);
        assert_eq!(flags(&c), ["log_deletes_on_read"], "{said}");
    }
    let belt = card(&format!(
        "{ASK_POISON}Candidate: That is okay. Like the airport baggage belt: the bag goes round and round till the owner comes. We deploy the fix, then it passes.\n"
    ));
    assert_eq!(flags(&belt), ["infinite_requeue"]);
    let streams = card(&format!(
        "{ASK_DELIVERY}Candidate: We run it on Kafka Streams with processing.guarantee set to exactly_once_v2.\n"
    ));
    assert_eq!(flags(&streams), ["exactly_once_myth"]);
}

#[test]
fn round_eighteen_wordings_of_myths_and_of_their_absence() {
    // Acking a recognised duplicate at once is the idempotent path.
    let duplicate = card(&format!(
        "{ASK_DELIVERY}Candidate: Insert into a payments table with a unique constraint before calling the gateway, then ack. On redelivery the worker sees the row, and either acks immediately or reconciles with the gateway using the same key.\n"
    ));
    assert!(flags(&duplicate).is_empty(), "{:?}", flags(&duplicate));
    // Someone else's early commit, and what it cost.
    let story = card(&format!(
        "{ASK_DELIVERY}Candidate: Ack after the side effect. A contractor's service committed the offset as soon as it polled, before writing the record. Each time the pod died, the events were committed but never written, so the alerts just vanished.\n"
    ));
    assert!(flags(&story).is_empty(), "{:?}", flags(&story));
    let top = card(&format!(
        "{ASK_DELIVERY}Candidate: In the handler, the very first thing after ReceiveMessage is DeleteMessage. Then we call the payment. After we moved the delete to the top, the double charges stopped.\n"
    ));
    assert_eq!(flags(&top), ["ack_before_processing"]);
    let kanban = card(&format!(
        "{ASK_POISON}Candidate: The message goes back to the queue and tries again, like a kanban card, and comes again next round until the problem is fixed.\n"
    ));
    assert_eq!(flags(&kanban), ["infinite_requeue"]);
}

#[test]
fn round_nineteen_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        (ASK_DELIVERY, "Order id as idempotency key, checked before charging. Duplicate arrives, worker sees the order id already charged. Acks straight away. No second charge."),
        (ASK_DELIVERY, "Use an idempotency key. I would not tell anybody the card is charged exactly once because of Kafka."),
        (ASK_DELIVERY, "People on the app side ask me to \"turn on EOS\" for the payment service about every quarter; it does not cover the card call, so we use an idempotency key."),
        (ASK_DELIVERY, "Kafka exactly-once is for when you read from Kafka and write to Kafka, inside the transaction. The card needs an idempotency key."),
        (ASK_ORDERING, "Key by user id. Twelve partitions means maximum twelve readers doing work in the group; the thirteenth pod waits."),
    ]);
    let pods = card(&format!(
        "{ASK_ORDERING}Candidate: Key by user id. The recharges topic has 8 partitions, and the HPA scales the consumer deployment from 4 up to 24 pods on promo days. More pods, more throughput.\n"
    ));
    assert_eq!(flags(&pods), ["consumers_exceed_partitions"]);
    let buzzword = card(&format!(
        "{ASK_POISON}Candidate: We do basicNack with requeue true. Eventually someone fixes the bug, deploys, and it goes through. I was doing this before DLQ became a buzzword.\n"
    ));
    assert_eq!(flags(&buzzword), ["infinite_requeue"]);
    let tape = card(&format!(
        "{ASK_TOOL}Candidate: We patched the worker, and then we just rewound the queue to Monday morning and let the workers chew through everything again, like rewinding a cassette tape.\n"
    ));
    assert_eq!(flags(&tape), ["queue_replays"]);
    let shipped = card(&format!(
        "{ASK_DELIVERY}Candidate: What we actually shipped for the charge queue was ReceiveAndDelete mode. The message is completed the instant the handler receives it. Zero double charges.\n"
    ));
    assert_eq!(flags(&shipped), ["ack_before_processing"]);
}

#[test]
fn round_twenty_wordings_of_myths_and_of_their_absence() {
    let requirement = card(&format!(
        "{ASK_TOOL}Candidate: Somebody has to do something with each order exactly once in the business sense, any free hand can do it, and when it's done nobody needs the note anymore.\n"
    ));
    assert!(flags(&requirement).is_empty(), "{:?}", flags(&requirement));
    let turnstile = card(&format!(
        "{ASK_DELIVERY}Candidate: The deposit consumer commits the offset the instant the deposit event arrives, before anything else. Then the wallet credit runs.\n"
    ));
    assert_eq!(flags(&turnstile), ["ack_before_processing"]);
    let default = card(&format!(
        "{ASK_POISON}Candidate: So my position is: leave requeue on, always. Retrying forever is the safe default.\n"
    ));
    assert_eq!(flags(&default), ["infinite_requeue"]);
}

#[test]
fn round_twenty_one_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        (ASK_ORDERING, "Key by user id. If my consumer fails on Alice and I retry later, I reordered it myself. So either I retry in place and stop the lane until it works, or I accept that and protect the table another way."),
        (ASK_DELIVERY, "Only then ack. And if you ack before the charge, you have the other problem: the worker dies, the message is gone, and the customer never pays."),
    ]);
    let segments = card(&format!(
        "{ASK_TOOL}Candidate: Kafka cleans up after itself. Once every consumer group has committed past an offset, the broker can drop those old segments.\n"
    ));
    assert_eq!(flags(&segments), ["log_deletes_on_read"]);
}

#[test]
fn round_twenty_two_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        (ASK_POISON, "RabbitMQ would see no ack. It'd go back on the queue for another try; after three tries we dead-letter it."),
        (ASK_ORDERING, "Key by user id. Put twelve readers on four lanes and eight of them are standing in the corridor."),
        (ASK_ORDERING, "And then, hmm, I'd need Kafka to keep them in order, and I'm honestly not sure how it manages that across several brokers."),
        (ASK_ORDERING, "Key by user id. So you process each user's messages one at a time, in the order they came off the partition."),
        // "didn't get" the ack is not a customer who didn't get paid.
        (ASK_DELIVERY, "A colleague moved the ack to the top of the handler, on receive. When the pods died, the tutors didn't get paid that Friday."),
    ]);
    let broker = card(&format!(
        "{ASK_DELIVERY}Candidate: The broker didn't get the ack, so it thinks nobody handled it. So what I'd do is acknowledge the message as soon as the worker receives it, before doing the charge.\n"
    ));
    assert_eq!(flags(&broker), ["ack_before_processing"]);
    let tin = card(&format!(
        "{ASK_TOOL}Candidate: Kafka's the industrial-sized tin. But once your worker has read an order out of it, that order's been counted and it's gone from the tin.\n"
    ));
    assert_eq!(flags(&tin), ["log_deletes_on_read"]);
    let bank = card(&format!(
        "{ASK_ORDERING}Candidate: Because a topic is a log, and a log is one line. It's like the line at the bank: who arrives first is attended first.\n"
    ));
    assert_eq!(flags(&bank), ["global_ordering_myth"]);
    let raffle = card(&format!(
        "{ASK_DELIVERY}Candidate: I turned on Kafka's exactly-once mode. Every raffle ticket is drawn once. Same with the charge: it runs once, full stop.\n"
    ));
    assert_eq!(flags(&raffle), ["exactly_once_myth"]);
}

#[test]
fn round_twenty_three_wordings_of_myths_and_of_their_absence() {
    let acked = card(&format!(
        "{ASK_TOOL}Candidate: So I had that backwards. On the main queue an acked message is deleted right away; Rabbit can't give a consumed message back.\n"
    ));
    assert!(flags(&acked).is_empty(), "{:?}", flags(&acked));
    let handoff = card(&format!(
        "{ASK_DELIVERY}Candidate: Kafka transactions give you that for the whole pipeline. So the card is charged once, end to end.\n"
    ));
    assert_eq!(flags(&handoff), ["exactly_once_myth"]);
    // A DLQ named only to dismiss it corrects nothing, and "I agree" after a
    // question concedes that the interviewer prompted the fix.
    let shredder = card(&format!(
        "{ASK_POISON}Candidate: Our catch block calls basicNack with requeue true. For us a dead-letter queue felt like a shredder.\n\
         Interviewer: And this specific message: the payload itself is broken. What happens on the tenth delivery?\n\
         Candidate: Requeue forever is wrong for this case, I agree. Nack with requeue false and dead-letter it.\n"
    ));
    assert_eq!(flags(&shredder), ["infinite_requeue"]);
}

#[test]
fn round_twenty_four_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        (ASK_ORDERING, "Key by user id. If the topic has four partitions and we start ten consumers, six of them receive nothing."),
        (ASK_DELIVERY, "Ack after the side effect. Two jobs ago somebody moved the ack up to the top of the consumer. Then a deploy killed the workers and everything they'd acked just evaporated."),
        (ASK_TOOL, "For a job queue where each job is independent and I want twenty workers today and two tomorrow, RabbitMQ is more natural."),
        (ASK_DELIVERY, "Use an idempotency key. Somebody always says \"Kafka has exactly-once\"; that's inside Kafka, read-process-write between topics."),
    ]);
    // "inside Kafka Streams" does not limit exactly-once to Kafka.
    let streams = card(&format!(
        "{ASK_DELIVERY}Candidate: We run the payment step inside Kafka Streams with processing.guarantee=exactly_once_v2. So you don't need to think about duplicates.\n"
    ));
    assert_eq!(flags(&streams), ["exactly_once_myth"]);
}

#[test]
fn round_twenty_five_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        // Lanes and readers are partitions and consumers; "standing around" is idle.
        (ASK_ORDERING, "Key by user id. If you have four lanes and ten readers, six are standing around with nothing."),
        // A condition for exactly-once is not a claim that something gives it.
        (ASK_DELIVERY, "The worker checks its table of charged orders first. The only way the customer ends up charged exactly once is that remember-and-check."),
        // Either … or: the offset belongs to the Kafka alternative, not to Rabbit.
        (ASK_DELIVERY, "Check the order id before charging. The broker never got an ack, so it redelivers, either when the connection drops in Rabbit or when the group rebalances in Kafka and the next consumer starts from the last committed offset."),
    ]);
    // "Never processed two times" is about duplicates: it shows no awareness
    // that acking first loses the message.
    let stamped = answer(
        ASK_DELIVERY,
        "In our ingestion we commit the offset first. The stamp happens once, so a timesheet is never processed two times.",
    );
    assert_eq!(flags(&stamped), ["ack_before_processing"]);
    // Yes to a question that proposes more pods than partitions.
    let pods = card(&format!(
        "{ASK_ORDERING}Candidate: Key by user id. For throughput, KEDA scales the consumer deployment on lag.\n\
         Interviewer: With 12 partitions, all 40 pods would be consuming?\n\
         Candidate: Yes, Kafka spreads the load across the consumer group automatically.\n"
    ));
    assert_eq!(flags(&pods), ["consumers_exceed_partitions"]);
}

#[test]
fn rounds_twenty_seven_and_twenty_eight_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        // One consumer working through updates one by one is a weak design,
        // not a claim that the topic is ordered.
        (ASK_ORDERING, "We put the updates in Kafka, and one consumer processes them one by one, in sequence."),
        // "a broker" here is the classic broker, not Kafka.
        (ASK_TOOL, "Kafka. You can fake a work queue on a log, with some pain. You can't add history to a broker after the fact: once it's acked it's gone."),
        // A teammate's belief, told as a story.
        (ASK_ORDERING, "Key by user id. Last year a teammate believed a topic was one single line, first come, first served, for the whole topic."),
    ]);
    assert_flags(&[
        // "No, …" answers the question; it does not negate the claim after it.
        (ASK_TOOL, "Kafka for history? Not from Kafka, no, once they're committed they're cleaned.", "log_deletes_on_read"),
        // An insisting word after a comma stays with its claim.
        (ASK_DELIVERY, "We use Kafka transactions. Card is charged one time, guaranteed. Kafka handles it.", "exactly_once_myth"),
        // A claim about the whole topic is not excused by knowing about keys.
        (ASK_ORDERING, "Key by user id, hashed to a partition. Kafka keeps the whole topic in the order it was written, so the nightly extract reads the day's events in sequence.", "global_ordering_myth"),
        // "Three readers per partition" is the myth, not the one-per-partition rule.
        (ASK_ORDERING, "Key by user id. To scale, we spin up more consumers in the group, say twelve pods, on the four partitions. Three readers per partition, so three times the throughput.", "consumers_exceed_partitions"),
    ]);
    // The partition count may come one exchange after the count of pods.
    let later = card(&format!(
        "{ASK_ORDERING}Candidate: Key by user id. KEDA on the consumer deployment took us to sixty pods during a flash sale.\n\
         Interviewer: How many partitions did that topic have?\n\
         Candidate: Twelve, I think? Doesn't really matter, more pods, more throughput.\n\
         Interviewer: So with twelve partitions, what were the other forty-eight pods doing?\n\
         Candidate: Sharing the load.\n"
    ));
    assert_eq!(flags(&later), ["consumers_exceed_partitions"]);
}

#[test]
fn paraphrased_delivery_answers_earn_their_points() {
    let c = answer(
        ASK_DELIVERY,
        "The broker never heard done, so the message goes back and the next worker gets it, and the farmer is paid a second time. \
         So the honest default is you'll get it one or more times. \
         Before paying, the worker looks in the payouts table: if there is already a row for that delivery note, it skips the charge. \
         Only when the provider says OK and the row is marked paid do we tell the broker we're done. \
         Inside Kafka, reading from one topic and writing to another, there is a transactional mode, but the mobile money API is outside it. \
         We write the announcement in the same database transaction as the row, and a relay publishes it.",
    );
    let d = dimension(&c, "delivery_semantics");
    assert_eq!(d.score, Some(4), "{}", d.justification);
}

#[test]
fn rounds_twenty_nine_to_thirty_one_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        // Counting the extras as idle is the rule ("twelve on eight: four wait").
        (ASK_ORDERING, "Key by user id. The topic has eight partitions. If we start twelve consumers, four of them have nothing, they just wait."),
        // Someone shipping a bug is why you replay, not a requeue until a fix.
        (ASK_TOOL, "Kafka, because sooner or later someone ships a bug in the statement generator and we need to read the history again."),
        (ASK_ORDERING, "Key by user id. Adding more consumers than partitions won't make it faster."),
        // "Else …" describes the hazard, not the plan.
        (ASK_DELIVERY, "Commit offset after the charge is stored, with the order id as the idempotency key. Else auto-commit before charge done."),
    ]);
    assert_flags(&[
        (ASK_DELIVERY, "Since 0.11 you've got EOS, exactly-once semantics. The charge and the offset commit ride in one atomic transaction. Transaction aborts, and the charge gets rolled back with it.", "exactly_once_myth"),
        (ASK_ORDERING, "The topic is like the master tape: everything is printed in one timeline, in the exact order it was recorded. It doesn't matter how many partitions it has, the order holds.", "global_ordering_myth"),
        (ASK_POISON, "I'd just let it keep retrying. Once you push the hotfix the message goes through, and the retry loop gets it eventually.", "infinite_requeue"),
    ]);
    // Yes to a leading question with a hyphened partition count.
    let leading = card(&format!(
        "{ASK_ORDERING}Candidate: Key by user id.\n\
         Interviewer: We just bump the consumer group to 12 instances on our 4-partition topic and it goes three times faster, yes?\n\
         Candidate: Yes, correct. More consumers, more throughput.\n"
    ));
    assert_eq!(flags(&leading), ["consumers_exceed_partitions"]);
    // "What changes on the fifth attempt?" challenges the claim: taking it back
    // afterwards is too late.
    let pushed = card(&format!(
        "{ASK_POISON}Candidate: In the catch block I would nack with requeue true, and leave the redeliveries without limit. Sooner or later it will be processed.\n\
         Interviewer: The payload is malformed, a field is missing. What changes on the fifth attempt? Or the five-thousandth?\n\
         Candidate: Nothing changes. So I was wrong. Reject it with requeue false and dead-letter it.\n"
    ));
    assert_eq!(flags(&pushed), ["infinite_requeue"]);
}

#[test]
fn rounds_thirty_two_to_thirty_four_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        // A message that waits until a fix is stuck, not requeued forever.
        (ASK_POISON, "The consumer crashes. It waits, until someone fixes it."),
        // Someone else's mistaken belief, and a hearsay one.
        (ASK_DELIVERY, "Idempotency key on the order id. People get hurt when they turn on EOS and assume the HTTP call is covered."),
        (ASK_DELIVERY, "We check the order id before charging. I heard Kafka has exactly-once, but I did not use it."),
        (ASK_DELIVERY, "We check the order id before charging. Kafka's got some exactly-once setting, but I wouldn't trust it with a card."),
        // The broker deleting on ack, said of RabbitMQ.
        (ASK_TOOL, "RabbitMQ for a single worker. The ack is exactly the moment the broker deletes it from the queue."),
        // "When it drops, in Rabbit …, in Kafka …": the offset is Kafka's.
        (ASK_DELIVERY, "Check the order id first. When the connection drops, in Rabbit it goes back to ready and gets delivered again, in Kafka the offset was not committed so the next consumer starts from the old offset."),
        // A plain retraction in the same breath.
        (ASK_TOOL, "Kafka. Because in Kafka, when the consumer reads the message, it is removed from the topic, so... wait, this is wrong. In Kafka the message stays there for the retention period."),
    ]);
    assert_flags(&[
        (ASK_POISON, "I nack the message with requeue true. It goes back to the queue and waits. It will keep going around until we deploy the fix, and that's fine.", "infinite_requeue"),
        // Asked where delivery is discussed: a myth said while choosing the
        // tool is left for review (see the phases test).
        (ASK_DELIVERY, "Kafka, no contest. It's had exactly-once baked in since about 0.11, so your transfers land once.", "exactly_once_myth"),
        (ASK_TOOL, "Kafka. Like a sushi belt: once a plate is picked up by a consumer group and the offset is committed, that plate is gone, the broker frees those records.", "log_deletes_on_read"),
    ]);
    // "How many partitions?" answered with a bare number is the limit.
    let bare = card(&format!(
        "{ASK_ORDERING}Candidate: Key by user id. For the spike, KEDA scales the consumer deployment to fifty pods.\n\
         Interviewer: How many partitions does the topic have?\n\
         Candidate: Twelve, I believe. Kafka rebalances the load across all fifty pods.\n"
    ));
    assert_eq!(flags(&bare), ["consumers_exceed_partitions"]);
    // A hedged yes to the interviewer's probe agrees with the myth.
    let hedged = card(&format!(
        "{ASK_ORDERING}Candidate: The consumer reads the topic top to bottom.\n\
         Interviewer: Does Kafka guarantee ordering across the entire topic?\n\
         Candidate: I mean... I'd think so? The offsets go up monotonically.\n"
    ));
    assert_eq!(flags(&hedged), ["global_ordering_myth"]);
}

#[test]
fn a_candidates_own_metaphor_is_read_as_the_system_it_stands_for() {
    // "The gate list" is RabbitMQ from the moment the candidate says so, so
    // "what was read is deleted" is said of the queue, not of Kafka.
    let likened = card(&format!(
        "{ASK_TOOL}Candidate: RabbitMQ is like the boarding gate list: the name is removed once the passenger boards.\n\
         Candidate: Kafka is more like the logbook of the flight, and each team keeps its own bookmark.\n\
         Candidate: With the logbook every team reads at its own speed. With the gate list I cannot go back in time, because what was read and confirmed is already deleted.\n"
    ));
    assert!(flags(&likened).is_empty(), "{:?}", flags(&likened));
    // The same sentence with no likeness before it is said of the log.
    let unlikened = card(&format!(
        "{ASK_TOOL}Candidate: Kafka is more like the logbook of the flight.\n\
         Candidate: With the logbook I cannot go back in time, because what was read and confirmed is already deleted.\n"
    ));
    assert_eq!(flags(&unlikened), ["log_deletes_on_read"]);
}

#[test]
fn rounds_thirty_five_to_thirty_seven_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        // The partition named first places the claim after it.
        (ASK_ORDERING, "Key by user id so both go to one partition. Inside one partition, first in is first read."),
        // Replay said impossible is no claim that the queue replays.
        (ASK_TOOL, "For a small company with one consumer I would start with RabbitMQ and be honest that replay is not possible."),
        // "Nobody's read" negates the read.
        (ASK_TOOL, "Kafka keeps every event for the retention period. Nobody's read removes it for anybody else."),
        // How not to fix it, and the loss it causes.
        (ASK_DELIVERY, "Idempotency key on the order id, ack after the charge. You don't fix it by acking first. Ack first, crash before charging, and the order disappears."),
    ]);
    assert_flag(
        ASK_ORDERING,
        "In Kafka this comes for free. A topic is one long tape, the consumer plays it back exactly as recorded.",
        "global_ordering_myth",
    );
    // "Bump the consumer group to twelve" counts twelve consumers.
    let taps = card(&format!(
        "{ASK_ORDERING}Candidate: Key by user id.\n\
         Interviewer: The topic has 4 partitions and the consumers lag. What do you do?\n\
         Candidate: Open more taps. Bump the consumer group to twelve, and you drain the backlog three times as fast.\n"
    ));
    assert_eq!(flags(&taps), ["consumers_exceed_partitions"]);
}

#[test]
fn rounds_thirty_eight_to_forty_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        // What the candidate would not do claims nothing.
        (ASK_TOOL, "Kafka for many readers. What I would not do is pick RabbitMQ and expect to re-read last month."),
        // Four of the ten pods sat there: the extras counted idle.
        (ASK_ORDERING, "Key by user id. We once scaled from six to ten pods and nothing improved, because the topic had six partitions, four pods just sat there."),
        // The idempotent producer's sequence is not the topic's order.
        (ASK_ORDERING, "Key by user id. The idempotent producer setting in Kafka keeps the sequence correct for this case, so I leave it on."),
    ]);
    assert_flags(&[
        (ASK_TOOL, "Rabbit's durable queues are on disk, so when finance says re-run October, you point the consumer back at the start of the queue.", "queue_replays"),
        (ASK_TOOL, "Kafka is like the post office box: the letter waits until the consumer collects it. When he takes it, the box is empty.", "log_deletes_on_read"),
    ]);
    // Partitions and keys in plain words.
    let plain = answer(
        ASK_ORDERING,
        "Kafka only keeps order inside each of the separate logs a topic is split into, not across the whole topic. \
         When the profile service publishes, it labels the message with the user's id, and Kafka picks the log by hashing that label, \
         so the same user always goes to the same log.",
    );
    assert!(
        score(&plain, "ordering") >= Some(3),
        "{}",
        dimension(&plain, "ordering").justification
    );
}

#[test]
fn rounds_forty_one_to_forty_three_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        // The hazard told in three beats.
        (ASK_DELIVERY, "Idempotency key, ack last. Ack first, crash, message gone."),
        // Setting up queues "from the start" is no replay.
        (ASK_TOOL, "With RabbitMQ: no history, no second reader, unless you set up a separate queue per reader from the start."),
        // A past mistake whose lag did not improve.
        (ASK_ORDERING, "Key by user id. We made this mistake before, the ops team scale pods to 20 on 8 partitions and lag not improve at all."),
        // Head-of-line blocking is not a claim of topic order.
        (ASK_ORDERING, "Key by user id. One slow or broken record holds up everything behind it on the same line."),
        // "Four of them just sit and wait": the rule, counted.
        (ASK_ORDERING, "Key by user id. If I have six lanes and start ten readers, four of them just sit and wait."),
    ]);
    assert_flag(
        ASK_TOOL,
        "Kafka is fast because of this. Same with Kafka: the consumer commits, and the broker drops that record.",
        "log_deletes_on_read",
    );
}

#[test]
fn rounds_forty_four_to_forty_six_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        // A retry loop, not a queue that keeps what it processed.
        (ASK_TOOL, "RabbitMQ for the workers. If a message fails, it goes back to the queue and we keep retrying until it gets processed."),
        // What a teammate might assume, to be corrected.
        (ASK_TOOL, "Not with classic queues: once acked, the message is gone. If someone on the team assumed they could replay a normal queue, I'd want to correct that early."),
        // The consumer, not the message, is gone.
        (ASK_DELIVERY, "When the Kafka consumer is gone and the partitions are given to someone else, the same message is read again and the card is charged twice."),
    ]);
    assert_flags(&[
        (ASK_TOOL, "Kafka, because it is self-cleaning. Once the consumer group has read the order and committed, the broker tidies it up behind you.", "log_deletes_on_read"),
        (ASK_TOOL, "Kafka. The consumer reads the message, and then it is emptied from the topic, so the topic never overflows.", "log_deletes_on_read"),
        (ASK_TOOL, "RabbitMQ. If billing loses something, no problem, they go back to the queue and read the order again.", "queue_replays"),
        (ASK_DELIVERY, "Wouldn't happen for us. Our consumers auto-ack on delivery, so the crash doesn't matter.", "ack_before_processing"),
        (ASK_DELIVERY, "That's exactly why I like it: ack on pickup, nothing gets redelivered, nobody gets double charged.", "ack_before_processing"),
    ]);
}

#[test]
fn a_claim_that_trails_off_into_a_no_was_never_made() {
    let text = format!(
        "{ASK_ORDERING}Candidate: We add a timestamp and sort.\n\
         Interviewer: Does Kafka guarantee ordering across the entire topic?\n\
         Candidate: Kafka guarantees ordering across the entire... no? Honestly I am not sure.\n"
    );
    assert!(flags(&card(&text)).is_empty());
    // Said to the end, the same words are the myth.
    let said = format!(
        "{ASK_ORDERING}Candidate: We add a timestamp and sort.\n\
         Interviewer: Does Kafka guarantee ordering across the entire topic?\n\
         Candidate: Kafka guarantees ordering across the entire topic. Honestly I am sure.\n"
    );
    assert_eq!(flags(&card(&said)), ["global_ordering_myth"]);
}

#[test]
fn a_probe_that_points_back_at_the_claim_makes_the_next_answer_prompted() {
    let text = format!(
        "{ASK_DELIVERY}Candidate: Not a problem for us. We use the Kafka client with a transactional id. The SDK handles exactly-once for us, so the charge goes through one time only.\n\
         Interviewer: Which part of that transaction includes the call to the payment provider?\n\
         Candidate: It's read-process-write: the SDK commits the offset together with the output.\n"
    );
    assert_eq!(flags(&card(&text)), ["exactly_once_myth"]);
    // "Let me stop you there" challenges whatever was just said.
    let stopped = format!(
        "{ASK_TOOL}Candidate: RabbitMQ. If billing loses something, they go back to the queue and read the order again, it is still there.\n\
         Interviewer: Let me stop you there. When billing acks a message in RabbitMQ, where is that message afterwards?\n\
         Candidate: After the ack it's gone, isn't it. The broker deletes it. Okay, I mixed them up.\n"
    );
    assert_eq!(flags(&card(&stopped)), ["queue_replays"]);
}

#[test]
fn a_log_cut_into_parts_of_the_candidates_own_naming_has_partitions() {
    for said in [
        "In the register book of Kafka, the book is cut into several volumes, so several people can write and read at the same time. \
         Inside one volume the lines keep their order; between two volumes there is no order at all. \
         So we give the person number as the label, and Kafka chooses the volume from the label, so the same person always goes to the same volume.",
        // The parts that a candidate's own picture of a log has.
        "Kafka is a notebook. If the notebook has four sections, the order is only true inside one section. \
         So everything about one person lands in the same section: Kafka uses the user's id to choose the section.",
        "In Kafka, a topic is divided in several parts, and inside one part the order is kept; between two parts there is no order. \
         So all the changes of one person go to the same part: Kafka calculates the part from the user id.",
    ] {
        let c = answer(ASK_ORDERING, said);
        assert!(
            score(&c, "ordering") >= Some(3),
            "{said}: {}",
            dimension(&c, "ordering").justification
        );
    }
    for said in [
        // A batch of work cut into parts is no log.
        "We split the nightly job into several volumes. Inside one volume the lines keep their order.",
        // What a notebook has many of is not always its parts.
        "Kafka is a notebook. The notebook has many pages, and inside one page the order is kept.",
    ] {
        let c = answer(ASK_ORDERING, said);
        assert!(
            score(&c, "ordering") <= Some(2),
            "{said}: {}",
            dimension(&c, "ordering").justification
        );
    }
}

#[test]
fn rounds_forty_seven_to_forty_nine_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        // Unsure, and saying so, is no claim.
        (ASK_ORDERING, "Key by user id. I'm not sure I'd be confident saying the whole stream comes out in order."),
        // What a system does not give denies the whole list.
        (ASK_TOOL, "RabbitMQ for per-message work. Kafka won't give you per-message ack or deletion; you commit an offset."),
        (ASK_TOOL, "Kafka. I wouldn't build anything that relies on RabbitMQ replaying acknowledged messages, because it doesn't."),
        // RabbitMQ streams do replay.
        (ASK_TOOL, "RabbitMQ does have streams now that can replay, but if you need replay I'd rather use the tool built around it."),
    ]);
    assert_flags(&[
        (ASK_TOOL, "Kafka keeps every order after it is read, and RabbitMQ does the same if you connect a new consumer to the queue and tell it to start from the first message.", "queue_replays"),
        (ASK_TOOL, "RabbitMQ. Because the queue is durable, we can go back into the queue and replay all the orders from the last three months.", "queue_replays"),
    ]);
    // "Right, yeah" agrees with the probe's claim, and only with what one of
    // its clauses says.
    let probe = card(&format!(
        "{ASK_TOOL}Candidate: RabbitMQ, it's a work queue.\n\
         Interviewer: And Kafka works the same way as the queue on one point: once a consumer has read a message, Kafka clears it out, so replaying isn't really a thing there either, right?\n\
         Candidate: Right, yeah. It's a firehose, not a filing cabinet.\n"
    ));
    assert_eq!(flags(&probe), ["log_deletes_on_read"]);
}

#[test]
fn rounds_fifty_to_fifty_two_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        // A business order, read by everyone: no claim about sequence.
        (ASK_TOOL, "Billing, the barrier system and finance all need it, so Kafka is more natural, because everybody reads the same order."),
        // Retrying a transient failure is right.
        (ASK_DELIVERY, "Idempotency key, ack after the charge. For an error like the database is down, retrying is fine."),
        // The order of events, lost on a retry path.
        (ASK_ORDERING, "Key by user id. But if the consumer puts a failed message on a retry topic, that user's order is gone."),
        // Replay from a copy kept elsewhere, or into the queue from a store.
        (ASK_TOOL, "If you want to replay with RabbitMQ you must keep a copy somewhere else, in a database or an archive."),
        (ASK_TOOL, "Kafka. We had an embarrassing week where we replayed orders from database dumps into Rabbit."),
        // What the candidate would not try.
        (ASK_TOOL, "Kafka. I wouldn't try to make Rabbit do replay, it just doesn't keep the message after the ack."),
    ]);
    // Dedupe tables dismissed as legacy are no awareness of the myth.
    let advice = answer(
        ASK_DELIVERY,
        "What I tell juniors: just turn on Kafka's exactly-once, and then every message is processed exactly once, end to end. \
         Hand-made dedupe tables are legacy thinking.",
    );
    assert_eq!(flags(&advice), ["exactly_once_myth"]);
    // Partitions named only to be waved away do not excuse a topic-wide order.
    let belt = answer(
        ASK_ORDERING,
        "Kafka is nice here. As long as the service publishes Alice before Alicia to the topic, the consumers get them in that order, no matter how many partitions are behind it.",
    );
    assert_eq!(flags(&belt), ["global_ordering_myth"]);
    // A rubric point that carries its own negation still counts.
    let point = answer(
        ASK_DELIVERY,
        "The broker redelivers it and the card is charged twice, so I keep the order id with the charge and check it first. \
         And I wouldn't rely on any exactly-once promise from the broker for money, the broker can't see inside the card processor.",
    );
    assert!(flags(&point).is_empty(), "{:?}", flags(&point));
    let delivery = &dimension(&point, "delivery_semantics").justification;
    assert!(
        delivery.contains("Kafka's exactly-once covers Kafka-to-Kafka processing, not external side effects (line"),
        "{delivery}"
    );
}

#[test]
fn rounds_fifty_three_to_fifty_five_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        // Others' wish, and the queue that removed what they wanted.
        (ASK_TOOL, "Kafka. At my last job they wanted to go back and look at old payments in the queue, and of course they were gone, because once the worker was done, Rabbit removed it."),
        // Deleted by retention, not by reading.
        (ASK_TOOL, "Kafka, because in Kafka an event stays in the log after it is read, until the retention deletes it."),
        // What nobody will want.
        (ASK_TOOL, "Kafka for the order events, and a plain work queue, RabbitMQ or SQS, for small jobs that nobody will want to re-read."),
        // Reading a log in sequence, said of picking single messages off.
        (ASK_TOOL, "Kafka. It's not great when you want to pick individual messages off, because it's a log, you go through it in order."),
        // A share per consumer, not the number of partitions.
        (ASK_ORDERING, "Key by user id, and a partition has one consumer in the group. Six consumers, twelve partitions, each consumer gets two partitions."),
        (ASK_ORDERING, "Key by user id. Four consumers on twelve partitions, three partitions each, read in sequence."),
    ]);
    assert_flags(&[
        // A plan to recover after an outage is still a claim.
        (ASK_TOOL, "RabbitMQ keeps a logbook of everything it dispatched, so if billing goes down for an afternoon you just rewind the queue to noon.", "queue_replays"),
        (ASK_ORDERING, "A Kafka topic is an append-only log. Things come out in the order they went in, that is the whole point of a log.", "global_ordering_myth"),
    ]);
    // A dead-letter queue named only to be dismissed is no correction.
    let loop_on = card(&format!(
        "{ASK_POISON}Candidate: I'd rather nack it with requeue and backoff, and it keeps going around until it works.\n\
         Interviewer: It's malformed JSON. Will it ever go through?\n\
         Candidate: Not until we deploy a fix. I prefer it going around than being forgotten in a DLQ.\n"
    ));
    assert_eq!(flags(&loop_on), ["infinite_requeue"]);
}

#[test]
fn rounds_fifty_six_to_fifty_eight_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        // "Cleaner" is a comparison, not a clean-up.
        (ASK_TOOL, "Kafka. If we add new readers later, Kafka's model of each reader keeping its own position in the log is cleaner than more and more queues."),
        // "2,400" is one number, not "to 2" partitions.
        (ASK_ORDERING, "Key by user id. If one consumer does 200 a second and the peak is 1,500 a second, I need 8 consumers, and 12 partitions gives me headroom to 2,400."),
        // The partitions counted with the consumers are the ones they are measured against.
        (ASK_ORDERING, "Key by user id; there is no order between two partitions. If the topic has six partitions and I put eight consumers in the group, two stay without work."),
        // The object first, and the negated verb last.
        (ASK_TOOL, "Kafka. Replaying last month is the thing RabbitMQ simply doesn't give you."),
    ]);
    // What people will say, at the start of an answer.
    let people = card(&format!(
        "{ASK_DELIVERY}Candidate: Another worker gets it and charges the card again, so the worker checks our table for the payment number first.\n\
         Candidate: People will say \"but Kafka has exactly-once\". I would not lean on it for this.\n"
    ));
    assert!(flags(&people).is_empty(), "{:?}", flags(&people));
    assert_flags(&[
        (ASK_TOOL, "Kafka. With Kafka, once the finance service has read an order, it's cleared off the topic.", "log_deletes_on_read"),
        // RabbitMQ named after the claim only to compare.
        (ASK_TOOL, "Kafka. In Kafka, once everyone has committed, the records are cleaned up, same as an acked message in RabbitMQ.", "log_deletes_on_read"),
        (ASK_ORDERING, "No problem in Kafka. A Kafka topic is like one tunnel, cars cannot overtake, so the consumer reads Alice first.", "global_ordering_myth"),
    ]);
}

#[test]
fn a_store_where_an_order_can_appear_once_is_idempotency() {
    for said in [
        "It goes to worker two and the customer pays two times. I keep a table where the order number can appear only one time; worker two looks there first.",
        "It goes to worker two and the customer pays two times. So I make the worker safe to do it two times, with the order number as the reference.",
    ] {
        let d = answer(ASK_DELIVERY, said);
        let justification = &dimension(&d, "delivery_semantics").justification;
        let shown = justification.split("Not shown").next().unwrap_or_default();
        assert!(
            shown.contains("an idempotency key or a store of processed ids"),
            "{said}: {justification}"
        );
    }
}

#[test]
fn rounds_fifty_nine_to_sixty_one_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        // A past setting, disowned in the same breath.
        (ASK_DELIVERY, "The card is charged and then I'm not sure. We had autoack on for a while in the beginning, which I know now was not great."),
        // Why competing consumers lose the order, not a plan for poison.
        (ASK_ORDERING, "Key by user id. With competing consumers on RabbitMQ the order is lost, because a nack with requeue puts a message back in a different position."),
    ]);
    assert_flag(
        ASK_TOOL,
        "Kafka works like a pickup slot: once the consumer group has committed its offset, the broker frees that part of the log.",
        "log_deletes_on_read",
    );
    // A hedge between "up to" and the number.
    let pods = card(&format!(
        "{ASK_ORDERING}Candidate: Key by user id.\n\
         Interviewer: Say the topic has 12 partitions and the consumers are falling behind. What do you do?\n\
         Candidate: Autoscale on lag: at the peak it goes from 12 pods up to, say, 48. More consumers, more throughput.\n"
    ));
    assert_eq!(flags(&pods), ["consumers_exceed_partitions"]);
    // "That Kafka transaction" points back at the claim, so the fix after it
    // was prompted.
    let eos = card(&format!(
        "{ASK_DELIVERY}Candidate: Solved problem since 0.11. You set a transactional id, and the whole pipeline is exactly-once. The fine is charged one time.\n\
         Interviewer: Is the call to the card provider part of that Kafka transaction?\n\
         Candidate: Ah, no, of course not. Exactly-once is Kafka-to-Kafka, so we need an idempotency key.\n"
    ));
    assert_eq!(flags(&eos), ["exactly_once_myth"]);
}

#[test]
fn rounds_sixty_two_to_sixty_four_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        // What we should not say.
        (ASK_DELIVERY, "It comes back to another worker and the card is charged twice. I think we should not say the broker gives exactly once."),
        // A task dropped into a queue is no deletion from the topic.
        (ASK_TOOL, "Kafka for the orders. For chores I'd have a consumer on the topic that drops a task into a RabbitMQ queue."),
        // At-least-once plus idempotent processing is the right answer.
        (ASK_DELIVERY, "It is redelivered and charged again. What we can get is at-least-once delivery plus idempotent processing, which gives an effect like exactly-once."),
        // The question echoed, trailing off into doubt.
        (ASK_ORDERING, "Kafka guarantees ordering... across the entire topic? I am not sure. Maybe not."),
    ]);
    // "On top of one pod per partition" goes past the bound it names.
    let pods = card(&format!(
        "{ASK_ORDERING}Candidate: Key by user id.\n\
         Interviewer: We get a flood of alerts on a topic with six partitions. How do you keep up?\n\
         Candidate: Scale out the alert consumers. I'd have the deployment jump to 30 pods when lag climbs. \
         Each pod grabs its slice of the six partitions, so you get five times the throughput on top of one pod per partition.\n"
    ));
    assert_eq!(flags(&pods), ["consumers_exceed_partitions"]);
    let rounds = card(&format!(
        "{ASK_POISON}Candidate: I would let it go back on the queue; we never throw away a transaction.\n\
         Interviewer: And until the fix is deployed?\n\
         Candidate: Until then it just goes round.\n"
    ));
    assert_eq!(flags(&rounds), ["infinite_requeue"]);
}

#[test]
fn another_myth_does_not_take_a_myth_back() {
    // "It's gone" is what a correction of the replay myth says, but here it
    // is the log myth, said of Kafka: both stand.
    let c = card(&format!(
        "{ASK_TOOL}Candidate: RabbitMQ. On Monday we just rewind the queue to Saturday morning and replay Saturday's orders. \
         Kafka is more like a mailbox: the consumer takes the letter out, and it's gone.\n"
    ));
    let mut found = flags(&c);
    found.sort_unstable();
    assert_eq!(found, ["log_deletes_on_read", "queue_replays"]);
}

#[test]
fn rounds_sixty_five_to_sixty_seven_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        // A cluster that was there from the beginning replays nothing.
        (ASK_TOOL, "Kafka for the orders. The Rabbit cluster was there from the beginning, somebody set it up for emails."),
        // How a log is written, not one order for the topic.
        (ASK_ORDERING, "Kafka is like the big book at the auction where every sale is written one line after the other. Reading the book does not tear the page."),
    ]);
    assert_flags(&[
        (ASK_TOOL, "RabbitMQ. If accounts join later, they can just start from the beginning of the queue and read the older orders too.", "queue_replays"),
        (ASK_DELIVERY, "I am not worried. Kafka has the transactions setting now. It makes each message be done one time only.", "exactly_once_myth"),
        (ASK_TOOL, "Kafka is a big mailbox. The producer drops the letter in, the consumer group picks it up, commits, and then the broker clears it out.", "log_deletes_on_read"),
        (ASK_DELIVERY, "We run with auto-commit on: the consumer commits the offset right when it polls the batch. Then the charge runs.", "ack_before_processing"),
        (ASK_DELIVERY, "What we do is we configure the consumer with auto-ack. After that the worker charges the card.", "ack_before_processing"),
    ]);
}

#[test]
fn rounds_sixty_eight_to_seventy_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        // Turning auto-commit off is the fix, not the myth.
        (ASK_DELIVERY, "For Kafka I would set enable.auto.commit=false, because with auto commit the offset may be committed while processing is still running."),
        // What someone else tells the candidate is not the candidate's claim.
        (ASK_TOOL, "Kafka. If someone tells me \"we'll replay from RabbitMQ\", I'd ask where from."),
        // One partition does put everything in one sequence.
        (ASK_ORDERING, "Then we can create the topic with one partition, so everything is in one sequence."),
        // Kafka bent into a job queue is no classic queue.
        (ASK_TOOL, "Kafka for the orders. I've seen a lot of teams bend Kafka into a job queue and end up rebuilding per-message retry and delay on top of offsets, which is painful."),
    ]);
    // "Twenty-four workers" on twenty-four partitions: twenty-four, not four.
    let planned = card(&format!(
        "{ASK_ORDERING}Candidate: Key by user id; the topic has twelve partitions.\n\
         Interviewer: And on the consuming side, if profile updates pile up?\n\
         Candidate: Add consumers up to the partition count and no further, extras just idle. \
         So if you think profiles will need twenty-four workers in two years, create the topic with twenty-four partitions or more now.\n"
    ));
    assert!(flags(&planned).is_empty(), "{:?}", flags(&planned));
    assert_flags(&[
        // A step's label belongs to the step.
        (ASK_DELIVERY, "Let me say it like code. Line one: ack msg. Line two: call the payment gateway with the amount.", "ack_before_processing"),
        (ASK_DELIVERY, "The queue-depth alarm kept paging us, so we flipped the consumer to auto-ack. Then the worker calls the gateway.", "ack_before_processing"),
        (ASK_POISON, "Nack it back on. Rabbit keeps passing it round the workers till one of them gets it through.", "infinite_requeue"),
        // A tape is the candidate's word for a log.
        (ASK_ORDERING, "With Kafka you get that for free. It's like a cassette tape. The whole topic is one tape.", "global_ordering_myth"),
    ]);
}

#[test]
fn rounds_seventy_one_to_seventy_three_wordings_of_myths_and_of_their_absence() {
    assert_no_flags(&[
        // Exactly-once effects from an idempotent consumer are the right answer.
        (ASK_DELIVERY, "It is redelivered and charged twice. So end to end you get exactly-once effects only because the consumer is idempotent, not from the broker."),
        // Streams that RabbitMQ has had, and a replay that a queue loses.
        (ASK_TOOL, "Kafka. RabbitMQ has had streams since 3.2, so the line is blurrier than it used to be, but I'd still not use a classic queue if I needed replay."),
        (ASK_TOOL, "Kafka for the orders. With RabbitMQ you lose replay."),
    ]);
    // "All twenty get work?" "Yeah": all of the twenty proposed, at work.
    let twenty = card(&format!(
        "{ASK_ORDERING}Candidate: Key by user id, the topic has four partitions.\n\
         Interviewer: And if profile updates pile up?\n\
         Candidate: You just spin up more consumers into the group, say twenty, and Kafka load balances across all of them.\n\
         Interviewer: All twenty get work?\n\
         Candidate: Yeah, the group coordinator spreads the messages across the members.\n"
    ));
    assert_eq!(flags(&twenty), ["consumers_exceed_partitions"]);
    let ack = card(&format!(
        "{ASK_DELIVERY}Candidate: No ack, so the broker gives it to another worker. Card charged twice.\n\
         Interviewer: How would you avoid that?\n\
         Candidate: Ack when you receive it. First thing. Before the charge.\n"
    ));
    assert_eq!(flags(&ack), ["ack_before_processing"]);
    assert_flags(&[
        (ASK_ORDERING, "A topic is like the penstock at a dam. Kafka appends to the end of the log, so whatever the producer writes first, the consumers read first.", "global_ordering_myth"),
        (ASK_TOOL, "Kafka was nice in one way. Once the readers have gone through an event, the broker drops it, so our disks never filled up.", "log_deletes_on_read"),
    ]);
}

#[test]
fn a_myth_is_flagged_in_the_phases_of_its_dimension_and_left_for_review_elsewhere() {
    let said = "Kafka keeps the whole topic in order, so nothing can overtake.";
    // Said while choosing the tool: not raised, but named for the reviewer.
    let aside = answer(
        ASK_TOOL,
        &format!("Kafka, because billing and shipping both read the orders. {said}"),
    );
    assert!(flags(&aside).is_empty(), "{:?}", flags(&aside));
    assert!(
        aside
            .review
            .iter()
            .any(|r| r.starts_with("possible red flag global_ordering_myth")
                && r.contains("outside Partitioning & Ordering")
                && r.contains(said)),
        "{:?}",
        aside.review
    );
    // Said where ordering is discussed: raised, and not repeated for review.
    let answered = answer(ASK_ORDERING, said);
    assert_eq!(flags(&answered), ["global_ordering_myth"]);
    assert!(
        !answered
            .review
            .iter()
            .any(|r| r.starts_with("possible red flag")),
        "{:?}",
        answered.review
    );
}

#[test]
fn exactly_once_is_a_myth_anywhere_and_acking_first_also_in_failure_handling() {
    // A claim about the product, wherever it is made.
    let tool = answer(
        ASK_TOOL,
        "Kafka, since it has exactly-once delivery built in, so the card gets charged once no matter what.",
    );
    assert_eq!(flags(&tool), ["exactly_once_myth"]);
    // Acking first as the plan for a poison message loses every message a
    // crash interrupts.
    let poison = answer(
        ASK_POISON,
        "I'd have the consumer ack each message the moment it pulls it, before parsing, so a broken one can never come back.",
    );
    assert_eq!(flags(&poison), ["ack_before_processing"]);
    // Outside those phases it is left for a reviewer.
    let aside = answer(
        ASK_TOOL,
        "RabbitMQ, and the worker acks each order the moment it pulls it, before doing anything with it.",
    );
    assert!(flags(&aside).is_empty(), "{:?}", flags(&aside));
    assert!(
        aside
            .review
            .iter()
            .any(|r| r.starts_with("possible red flag ack_before_processing")
                && r.contains("outside Delivery Guarantees, Failure Handling")),
        "{:?}",
        aside.review
    );
}

#[test]
fn conditions_and_serial_verbs_keep_correct_statements_unflagged() {
    assert_no_flags(&[
        // "can't go back and reread": the negation reaches the reread.
        (ASK_TOOL, "Kafka. With RabbitMQ an acked message leaves the queue, so every service needs its own queue and you can't go back and reread an old order."),
        // Order for the whole topic on the condition of one partition.
        (ASK_ORDERING, "Key by the user id so one user's updates share a partition. Alternatively put everything onto a single partition. Then the whole topic is in order, but one consumer does all the work."),
    ]);
    assert_flags(&[
        (ASK_ORDERING, "Kafka is a log, like a cassette: what's recorded first plays first.", "global_ordering_myth"),
        (ASK_ORDERING, "The producer appends both updates and the consumer just reads the topic front to back.", "global_ordering_myth"),
        (ASK_TOOL, "Kafka, and it stays small: once an order has been read the broker throws it away, so the topic never grows.", "log_deletes_on_read"),
        (ASK_POISON, "RabbitMQ is dependable here. It puts the message back and tries again, again and again, it never gives up, so nothing is lost.", "infinite_requeue"),
    ]);
    // "Run twelve.": the consumers named just before, four partitions stated.
    let twelve = card(&format!(
        "{ASK_ORDERING}Candidate: Key by user id.\n\
         Interviewer: The topic has four partitions and the consumers fall behind at peak. How do you keep up?\n\
         Candidate: More consumers. Run twelve. Three on each partition, triple the throughput.\n"
    ));
    assert_eq!(flags(&twelve), ["consumers_exceed_partitions"]);
}

#[test]
fn pictures_scenario_probes_and_descriptions_of_tools() {
    // Said through a picture of Kafka.
    let mailbox = answer(
        ASK_TOOL,
        "Kafka is like a mailbox at home. The producer drops the order in, the consumer opens the mailbox and takes it, and once it's taken it's not in the box anymore.",
    );
    assert_eq!(flags(&mailbox), ["log_deletes_on_read"]);
    // Not of a mailbox that Kafka is compared with.
    assert_no_flag(
        ASK_TOOL,
        "Kafka is not like a mailbox. With a mailbox, once a letter is taken it's not there anymore.",
    );
    assert_flags(&[
        (ASK_TOOL, "Kafka. Once the consumer has read an order, Kafka can free that part of the log.", "log_deletes_on_read"),
        (ASK_POISON, "We keep retrying it. Meanwhile someone fixes the parser and deploys, and then the message will pass by itself.", "infinite_requeue"),
        (ASK_ORDERING, "Whatever order the producer wrote, every consumer reads the topic in that same order.", "global_ordering_myth"),
    ]);
    assert_no_flags(&[
        // Stuck at the head of the queue until a fix: blocked, not requeued.
        (ASK_POISON, "The consumer crashes and restarts, and I'd assume the bad message just sits at the front until we ship a fix."),
        // What client libraries do, not the candidate's plan.
        (ASK_DELIVERY, "It depends on the client: some clients ack on delivery by default, some don't. I'd ack after the charge and keep an idempotency key."),
        // Two sides of a trade, not a queue that replays.
        (ASK_TOOL, "Kafka for orders. So it's a trade: replay and many readers on one side, per-message work-queue behaviour on the other."),
    ]);
    // A scenario put to the claim is a prompt, so taking it back after it
    // does not clear the claim.
    let probed = card(&format!(
        "{ASK_DELIVERY}Candidate: That's why we ack on receipt. Message arrives, ack straight away. Then charge.\n\
         Interviewer: The worker acks, and then the process dies before it calls the card processor. What happens to that order?\n\
         Candidate: Nothing, it's gone. Lost order. Fine, ack after the charge then.\n"
    ));
    assert_eq!(flags(&probed), ["ack_before_processing"]);
}

#[test]
fn pictures_of_the_other_system_remarks_that_probe_and_limits_said_later() {
    assert_flags(&[
        (ASK_TOOL, "RabbitMQ. If finance messes up the monthly report they spin up a fresh consumer on their queue and read it again from the top.", "queue_replays"),
        (ASK_POISON, "It requeues and crashes again. But honestly I'd let it keep going round until we ship a hotfix.", "infinite_requeue"),
        (ASK_TOOL, "Kafka. Think of Kafka like a baggage belt: a bag comes round, the consumer lifts it off, because it doesn't hang on to stuff it already handed over.", "log_deletes_on_read"),
    ]);
    assert_no_flags(&[
        (ASK_TOOL, "Kafka, because replay matters for orders. RabbitMQ alone means giving up replay."),
        (ASK_TOOL, "Kafka keeps it and RabbitMQ removes it once it's consumed, so Kafka for the orders."),
        (ASK_ORDERING, "Key by user id. More consumers than partitions does not help, so I'd size the partitions first."),
    ]);
    // The picture given to Kafka names Kafka later: the replay is the
    // notebook's, not the queue's.
    let pictured = card(&format!(
        "{ASK_TOOL}Candidate: RabbitMQ is a tube rack on the bench: a tech takes a tube and it's thrown away when done. Kafka is the lab notebook: every reader keeps a bookmark.\n\
         Candidate: For one packer per order, RabbitMQ. If later several teams each want every order, that's when I'd want the notebook, because each reader gets everything and you can go back in time.\n"
    ));
    assert!(flags(&pictured).is_empty(), "{:?}", flags(&pictured));
    // A remark on the claim is a prompt, as a question is.
    let remarked = card(&format!(
        "{ASK_ORDERING}Candidate: With Kafka you get that for free. A topic is first in, first out, so Alice is read before Alicia.\n\
         Interviewer: The topic has 12 partitions, and we run 6 consumers in parallel.\n\
         Candidate: Then they could land on different partitions. So it's only in order within a partition; key by user id.\n"
    ));
    assert_eq!(flags(&remarked), ["global_ordering_myth"]);
    // A share the candidate gives after the interviewer speaks again is no
    // limit on the consumers proposed before it.
    let shared = card(&format!(
        "{ASK_ORDERING}Candidate: Key by user id.\n\
         Interviewer: The topic has 12 partitions, and we run 6 consumers in parallel. How is the work split?\n\
         Candidate: So the six consumers are all reading different partitions at once.\n\
         Interviewer: You mentioned 6 consumers on 12 partitions. What if we needed more throughput?\n\
         Candidate: Each of the 6 has two partitions now. We could go up to 12 consumers, one partition each. Past 12, the extra consumers would sit idle.\n\
         Interviewer: Thanks, let's move on.\n"
    ));
    assert!(flags(&shared).is_empty(), "{:?}", flags(&shared));
}

#[test]
fn verdicts_acknowledgements_and_sentence_breaks_are_not_read_as_more() {
    // "An option too" is a verdict, not a picture of RabbitMQ: the sushi-belt
    // claim after it is still Kafka's.
    let verdict = answer(
        ASK_TOOL,
        "RabbitMQ is an option too. Kafka is like a sushi belt. Once a consumer takes a plate off, it's gone.",
    );
    assert_eq!(flags(&verdict), ["log_deletes_on_read"]);
    // An acknowledgement is no prompt, so the retraction after it clears the
    // claim.
    let noted = card(&format!(
        "{ASK_ORDERING}Candidate: Kafka keeps the whole topic in order, so Alice comes before Alicia.\n\
         Interviewer: Okay, noted, the order matters a lot to us here, so take your time.\n\
         Candidate: Actually, wait, that's wrong: the order only holds within a partition, so key by user id.\n"
    ));
    assert!(flags(&noted).is_empty(), "{:?}", flags(&noted));
    // "Every" in the sentence before does not make a stated limit a share.
    let counted = card(&format!(
        "{ASK_ORDERING}Candidate: Key by user id. Every user matters. The topic has four partitions.\n\
         Interviewer: And at peak, when the consumers fall behind?\n\
         Candidate: I'd run 12 consumers to keep up.\n"
    ));
    assert_eq!(flags(&counted), ["consumers_exceed_partitions"]);
    // Reading the whole topic again is a replay, not a claim about its order.
    assert_no_flag(
        ASK_ORDERING,
        "I'd put a version number on each update. And if state is lost, a consumer can replay the topic from beginning to end.",
    );
    // "Run twenty four.": the number read to its last word.
    let twenty_four = card(&format!(
        "{ASK_ORDERING}Candidate: Key by user id.\n\
         Interviewer: The topic has four partitions and the consumers fall behind. How do you keep up?\n\
         Candidate: More consumers. Run twenty four.\n"
    ));
    assert_eq!(flags(&twenty_four), ["consumers_exceed_partitions"]);
}

#[test]
fn needs_retention_and_a_stuck_message_are_not_myths_but_auto_ack_to_stop_redelivery_is() {
    assert_no_flags(&[
        // Retention ends the data, not the reading.
        (
            ASK_TOOL,
            "Each service has its own consumer group. If billing has a bug, they can move the offset back and read again, but only inside the retention, after that the data is not there anymore.",
        ),
        // What the consumer must do is a need, not what Kafka gives.
        (
            ASK_ORDERING,
            "We send the updates to Kafka, and the consumer must process them one after the other, in the same order that the user did them.",
        ),
        // A message that stays put until a fix is stuck, not requeued forever.
        (
            ASK_POISON,
            "The consumer throws, we log the stack trace, and the message stays where it is, I suppose, until someone fixes the parser and redeploys.",
        ),
    ]);
    assert_flags(&[
        // "End to end" claims the whole topic, so a key mentioned in passing
        // ("you don't actually need the key") is no awareness.
        (
            ASK_ORDERING,
            "With a single producer the topic is ordered end to end and you don't actually need the key here.",
            "global_ordering_myth",
        ),
        (
            ASK_DELIVERY,
            "Auto-ack. Set autoAck true on the consumer. Broker marks it delivered straight away, so no redelivery. Then charge.",
            "ack_before_processing",
        ),
    ]);
    // "Yeah, fair." concedes: the retraction came after the interviewer's
    // question, so the myth stands.
    let conceded = card(&format!(
        "{ASK_POISON}Candidate: The consumer throws and doesn't ack. I'd nack it with requeue set to true and let it keep retrying. Eventually it'll get processed.\n\
         Interviewer: It's malformed JSON. What does the hundredth attempt look like?\n\
         Candidate: Exactly like the first one. Yeah, fair. So not forever: cap the retries, then a dead-letter queue.\n"
    ));
    assert_eq!(flags(&conceded), ["infinite_requeue"]);
}

#[test]
fn an_earlier_system_a_bounded_retry_a_held_user_and_standby_readers_are_not_myths() {
    assert_no_flags(&[
        // "That" is the replay just praised; the messages gone are the
        // earlier system's.
        (
            ASK_TOOL,
            "Kafka is like a ship's logbook, and each reader can move its bookmark backwards and replay last Tuesday. At the seafood place we couldn't do that, we'd consumed and acked the messages, they were gone.",
        ),
        (
            ASK_POISON,
            "Retry a few times with backoff, then park it in a dead-letter queue. One distinction I'd make: retrying is fine, retrying forever isn't.",
        ),
        // Held back until a fix is not retried.
        (
            ASK_POISON,
            "So for things where order matter, better to stop this user until somebody fix it.",
        ),
        // Readers beyond the partitions named as idle or standby.
        (
            ASK_ORDERING,
            "Key by user id, one consumer per partition. More consumers than partitions is only for standby.",
        ),
    ]);
    let lanes = card(
        "Interviewer: We need to process updates to user profiles. If User A updates their name to 'Alice' then 'Alicia', how do we ensure the consumer doesn't process 'Alicia' first and 'Alice' second?\n\
         Candidate: Only inside one lane. The topic is cut in lanes, the partitions, and between two lanes nobody promises anything. The producer gives the user number as the key, so the same user always goes to the same lane.\n\
         Candidate: Each team that reads the notebook is one group, with its own bookmark. Inside the group, the lanes are divided between the readers. If the topic has eight lanes, eight readers is the maximum that do work; if I put twelve, four readers stay with nothing, just waiting. So the number of lanes I choose at the beginning is the roof of my speed for one group.\n",
    );
    assert!(flags(&lanes).is_empty(), "{:?}", flags(&lanes));
    // "Than Kafka" in the sentence before does not excuse the replay claim.
    assert_flag(
        ASK_TOOL,
        "I would go with RabbitMQ. Also it's easier to set up than Kafka. And if later the analytics team needs last month's orders, we can replay them from the RabbitMQ queue.",
        "queue_replays",
    );
}

#[test]
fn a_qualified_replay_an_open_question_and_a_lesson_are_not_myths_but_a_bare_range_is_a_count() {
    assert_no_flags(&[
        (
            ASK_TOOL,
            "So \"RabbitMQ can replay\" is true only if you're using streams; a normal queue can't.",
        ),
        // What "a queue can't" do is said of the log.
        (
            ASK_TOOL,
            "Kafka keeps every order for the retention period. That buys two things a queue can't: new consumers can read history, and a consumer that got something wrong can rewind and reprocess without touching anyone else.",
        ),
        (
            ASK_ORDERING,
            "Key by user id, so each user stays in one partition. I'm honestly not sure what happens if you add a lot more consumers than partitions.",
        ),
    ]);
    // A lesson from a past incident names the bound, not a plan.
    let lesson = card(&format!(
        "{ASK_ORDERING}Candidate: Key by user id, so each user stays in one drawer, one partition.\n\
         Interviewer: And if the profile topic has four partitions and we want ten consumers for speed?\n\
         Candidate: Then six consumers do nothing. We learned this in Song Lam last year, we started twelve pods and were surprised the lag did not go down.\n"
    ));
    assert!(flags(&lesson).is_empty(), "{:?}", flags(&lesson));
    // "Add consumers. Twenty, thirty.": the range counts the consumers.
    let range = card(&format!(
        "{ASK_ORDERING}Candidate: Same key, same partition.\n\
         Interviewer: Traffic goes up ten times. The topic has 8 partitions. How do you scale the consumers?\n\
         Candidate: Add consumers. Twenty, thirty. Whatever's needed.\n"
    ));
    assert_eq!(flags(&range), ["consumers_exceed_partitions"]);
}

#[test]
fn a_poison_pill_answer_in_plain_words_earns_its_points() {
    // No "DLQ", "retry limit" or "requeue": a loop that keeps coming back, a
    // count of returns, and a separate tray for a human.
    let plain = answer(
        ASK_POISON,
        "The driver who grabs it falls over before binning it, so it goes back on the spike, and the broken docket keeps coming back round and knocking out a worker every time. What I'd do: count how many times a given message has come back. Once it's failed a few times, three, say, we take it out of the main flow and put it in a separate tray for a human to look at.",
    );
    assert_eq!(score(&plain, "failure_handling"), Some(3));
    assert!(flags(&plain).is_empty(), "{:?}", flags(&plain));
}

#[test]
fn the_narrow_readings_of_this_stop_leave_real_myths_and_real_hints_alone() {
    // A summing-up that adds the point the candidate missed is a hint.
    let taught = card(&format!(
        "{ASK_POISON}Candidate: RabbitMQ will requeue it, and the next consumer picks it up and maybe crashes too. Then I guess it gets processed eventually.\n\
         Interviewer: So RabbitMQ requeues it, the next consumer picks it up, crashes, requeues it. Infinite loop.\n\
         Candidate: Oh right, then we need a dead letter queue after three attempts.\n"
    ));
    assert_eq!(taught.max_hint_level, 2);
    // Bare numbers after a sentence that asks for no more consumers, or that
    // is someone else's plan, count nothing.
    for said in [
        "Consumer lag, mostly. Twenty, thirty. Seconds, during the sale.",
        "My colleague wanted more consumers. Twenty, thirty. I would scale the partitions first.",
    ] {
        let c = card(&format!(
            "{ASK_ORDERING}Candidate: Key by user id, so each user stays in one partition.\n\
             Interviewer: The topic has 8 partitions. How do you scale the consumers?\n\
             Candidate: {said}\n"
        ));
        assert!(flags(&c).is_empty(), "{said}: {:?}", flags(&c));
    }
    // "Fair enough" to a remark that asks nothing leaves the retraction
    // unprompted.
    let own = card(&format!(
        "{ASK_POISON}Candidate: The consumer throws and doesn't ack. I'd nack it with requeue set to true and let it keep retrying until it works.\n\
         Interviewer: Okay. Let's take a minute, no rush.\n\
         Candidate: Fair enough. Actually, scratch that, it's malformed, it will never work. Cap the retries at three, then a dead-letter queue.\n"
    ));
    assert!(flags(&own).is_empty(), "{:?}", flags(&own));
    assert_flags(&[
        (
            ASK_ORDERING,
            "Key by user id. I'd run twenty consumers on those 8 partitions, and failover is handled by the group.",
            "consumers_exceed_partitions",
        ),
        (
            ASK_POISON,
            "I'd nack it with requeue and let it keep retrying until it works, it's not forever, someone deploys a fix.",
            "infinite_requeue",
        ),
        (
            ASK_TOOL,
            "Kafka has a retention setting, but once a consumer reads a message from the topic it is gone, deleted.",
            "log_deletes_on_read",
        ),
        (
            ASK_TOOL,
            "Replay? No, Kafka can't do that, once a consumer reads a message from the topic it is deleted.",
            "log_deletes_on_read",
        ),
        (
            ASK_TOOL,
            "RabbitMQ. Rabbit can't fan out as nicely, but if analytics needs last month's orders we can replay them from the RabbitMQ queue.",
            "queue_replays",
        ),
        (
            ASK_ORDERING,
            "Kafka is one log, so the consumer has to read it in order, and the whole topic is in the exact order it was written.",
            "global_ordering_myth",
        ),
    ]);
    // Binning a broken message is no dead-letter queue, and failing three
    // times a second is no retry limit.
    let binned = answer(
        ASK_POISON,
        "It crashes the consumer, it fails three times a second, every consumer just dies on it. The consumer is a separate service, so when a message is broken we just bin it.",
    );
    assert_eq!(score(&binned, "failure_handling"), Some(1));
}

#[test]
fn heard_named_negated_or_conditional_words_are_no_myth_and_real_ones_still_are() {
    assert_no_flags(&[
        // A negation reaches through "something you can".
        (ASK_TOOL, "A Rabbit queue isn't something you can rewind, so for the audit trail I'd pick Kafka."),
        // Replay named as not needed, or the queue emulated on Kafka.
        (ASK_TOOL, "Kafka. If replay and fan-out are not needed, RabbitMQ alone is simpler, but here they are."),
        (ASK_TOOL, "I'd pick Kafka, because the replay and fan-out are hard to bolt on later and the work-queue part can be emulated well enough."),
        // Dropping work onto a queue deletes nothing from the log.
        (ASK_TOOL, "Kafka for the events. You can even have a small consumer that reads the topic and drops tasks onto RabbitMQ."),
        // Terms heard, and someone else's diagram.
        (ASK_DELIVERY, "It gets redelivered to another worker. I have heard at-least-once and exactly-once."),
        (ASK_DELIVERY, "It gets redelivered. I remember him drawing a diagram with exactly-once everywhere and the lead just sort of shrugged."),
    ]);
    let ask = "Interviewer: The topic has 4 partitions. How do you scale the consumers?\n";
    assert_no_flags_in(scaled, &[
        (ask, "Having one or two spare is fine, they're a warm standby for a rebalance, but more consumers than partitions is not more throughput."),
        (ask, "If the topic has four partitions and I start ten consumers, four work and six sit and wait."),
        (ask, "If we expect to need twenty consumers, we create at least twenty partitions at the start, because adding them later moves keys."),
    ]);
    assert_flags(&[
        // "So if …," qualifies the clause after it, as "If …," does.
        (ASK_ORDERING, "So if we put all the events on one topic, they'll be processed in order.", "global_ordering_myth"),
        // ", forever if need be" is the plan, not a crash described.
        (ASK_POISON, "I'd nack it with requeue and just keep retrying it, forever if need be, until the fix ships.", "infinite_requeue"),
        // "it's our code that's wrong" takes nothing back.
        (ASK_POISON, "I'd nack it with requeue and keep retrying it. Because the message is fine, it's our code that's wrong.", "infinite_requeue"),
    ]);
    // A retraction that opens what is said still takes the myth back.
    assert_no_flag(
        ASK_POISON,
        "I'd nack it with requeue and keep retrying it. No, that's wrong, it would loop: cap the retries, then a dead-letter queue.",
    );
}

#[test]
fn a_need_a_season_or_idle_pods_are_no_myth_and_acking_after_the_poll_is() {
    const ASK_CONSUMERS: &str =
        "Interviewer: How do the consumers actually get the messages in each case?\n";
    let consumers = |said: &str| {
        card(&format!(
            "{ASK_TOOL}Candidate: Kafka.\n{ASK_CONSUMERS}Candidate: {said}\n"
        ))
    };
    // Pods past the partitions named as getting none.
    let idle = consumers("Each partition goes to one consumer. If the order topic has four partitions and you scale to ten pods, six of them get no partitions and just sit there.");
    assert!(flags(&idle).is_empty(), "{:?}", flags(&idle));
    // What the consumer needs is no claim about the topic.
    assert_no_flag(
        ASK_ORDERING,
        "So they'd go to the profile-updates topic, and the consumer needs to see them in sequence...",
    );
    // "The run-up to Christmas" bounds nothing: twenty consumers on six
    // partitions is still the myth.
    let season = consumers("Kafka consumers poll. At the logistics place, in the run-up to Christmas, we had a topic with six partitions, and we ran twenty consumers in the group to get through the backlog.");
    assert_eq!(flags(&season), ["consumers_exceed_partitions"]);
    assert_flags(&[
        (
            ASK_DELIVERY,
            "In our consumers we commit the offset directly after the poll, so the message counts as processed, and then we do the work.",
            "ack_before_processing",
        ),
        // Kafka keeping more than RabbitMQ does not excuse Kafka deleting.
        (
            ASK_TOOL,
            "With RabbitMQ, once it is confirmed it is gone. Kafka keeps the messages longer than RabbitMQ, yes, but when the consumers have read them and committed, Kafka deletes them from the topic to free space.",
            "log_deletes_on_read",
        ),
    ]);
}

#[test]
fn the_readings_of_rounds_98_to_100() {
    let signals = |c: &Scorecard, id: &str| -> Vec<String> {
        dimension(c, id)
            .evidence
            .iter()
            .flat_map(|e| e.signals.clone())
            .collect()
    };
    // "Up to sixty pods on the twenty-four-partition topic" bounds nothing.
    let peak = scaled(ASK_SCALING, "I'd run the group on Kubernetes and scale on lag. Baseline six pods, and at peak it can go up to sixty pods on the twenty-four-partition topic, so we get up to sixty consumers working in parallel.");
    assert_eq!(flags(&peak), ["consumers_exceed_partitions"]);
    // Nothing gained past the partitions is the rule, not the myth.
    assert_no_flags_in(scaled, &[(ASK_SCALING, "Many consumers in different groups is fine, each group gets all data, but more consumers than partitions in the same group gives you nothing.")]);
    // A topic created with enough partitions up front is capacity planning.
    let planned = scaled(ASK_SCALING, "If I expect to need, say, twenty consumers in parallel, I'd create the topic with at least that many partitions up front.");
    assert!(
        signals(&planned, "consumption_scaling").contains(&"capacity_planning".to_string()),
        "{:?}",
        dimension(&planned, "consumption_scaling")
    );
    // A risk of a double charge is no awareness that acking first loses it.
    let auto = card(&format!(
        "{ASK_DELIVERY}Candidate: We used auto-ack in the consumer, the message is acknowledged as soon as it's delivered, because it's faster. Then the worker charges the card.\n\
         Candidate: If the worker crashes, RabbitMQ will redeliver it to another worker. And then there is a risk the card is charged two times, so we need idempotency.\n"
    ));
    assert_eq!(flags(&auto), ["ack_before_processing"]);
    assert_no_flags(&[
        // Deletion requests are not deletion on read.
        (ASK_TOOL, "Kafka, several teams read it. The GDPR team was reading the topic too, for deletion requests, which was a whole other story because you cannot really delete from Kafka easily."),
        // NATS's AckWait is a timer, not an ack ("so after …," now
        // qualifies the clause after it, which names a pick-up).
        (ASK_DELIVERY, "The message wasn't acked, so after the AckWait expires the server redelivers it, a different worker picks it up and charges again."),
        // A negated "have" at the end denies the object before it.
        (ASK_TOOL, "Kafka, because replay matters here. That replay ability is something a queue simply doesn't have."),
    ]);
    // A quoted "I finished it" is the ack.
    let finished = answer(
        ASK_TOOL,
        "RabbitMQ. The message lives only until somebody says \"I finished it\", and after that it disappears.",
    );
    assert!(signals(&finished, "tool_choice").contains(&"queue_deletes".to_string()));
}

/// The review of this stop's readings: each probe is a sentence a new rule
/// first misread, and each holds now.
#[test]
fn the_new_readings_hide_no_myth_and_invent_none() {
    assert_flags(&[
        // "Don't have to" denies nothing after it; only a negated "have"
        // that ends the statement does.
        (ASK_TOOL, "You don't have to pick Kafka for replay as RabbitMQ can replay the queue too.", "queue_replays"),
        (ASK_ORDERING, "We don't have to do anything special as Kafka guarantees ordering across the whole topic.", "global_ordering_myth"),
        // "No need for Kafka" is not replay named as not needed.
        (ASK_TOOL, "No need for Kafka, RabbitMQ can replay the queue from yesterday as well.", "queue_replays"),
        // Having heard of it is no other voice for what follows.
        (ASK_ORDERING, "Yes I have heard of it, Kafka guarantees ordering across the whole topic.", "global_ordering_myth"),
        (ASK_DELIVERY, "I have heard good things about Kafka exactly once, we turned it on and the card is charged exactly once.", "exactly_once_myth"),
        // A retraction after "I think" still takes it back; a cleft does not.
        (ASK_POISON, "I'd nack it with requeue and keep retrying it. Because the message is fine, it's our code that's wrong.", "infinite_requeue"),
    ]);
    assert_no_flags(&[
        (ASK_POISON, "I'd nack it with requeue and keep retrying it until it goes through. Actually I think that's wrong."),
        // ", forever" that describes the danger is no plan.
        (ASK_POISON, "A plain nack with requeue is a trap: the consumer keeps retrying it, forever."),
        // Redelivery and processing again, and an ack after a confirmation.
        (ASK_DELIVERY, "Without an ack the broker redelivers it and then we process it a second time, so the card is charged twice unless we dedupe."),
        (ASK_DELIVERY, "We ack right after receiving the payment confirmation from Stripe, never before."),
        (ASK_DELIVERY, "It gets redelivered. And once the broker gets the ack, it removes the message immediately."),
    ]);
    // Bare phrases past the partitions do not excuse the extra consumers.
    assert_flags_in(scaled, &[
        (ASK_SCALING, "The topic has 6 partitions, and we run at least twenty consumers on those partitions to get more throughput.", "consumers_exceed_partitions"),
        (ASK_SCALING, "The topic has 6 partitions. We scaled to twenty consumers and after that there was no more throughput problem.", "consumers_exceed_partitions"),
        (ASK_SCALING, "The topic has 6 partitions. I'd run twenty consumers at the start.", "consumers_exceed_partitions"),
    ]);
    assert_no_flags_in(scaled, &[(ASK_SCALING, "If you have more consumers than partitions, the extra ones don't get anything, they're just standby.")]);
    // A question back is no answer.
    for asked in ["What's a dead letter queue?", "Dead letter queue?"] {
        assert_eq!(
            score(&answer(ASK_POISON, asked), "failure_handling"),
            None,
            "{asked}"
        );
    }
}

#[test]
fn the_readings_of_rounds_101_to_103() {
    assert_no_flags(&[
        // A payments ledger is a service with a queue, not a log.
        (ASK_TOOL, "With RabbitMQ you'd do a fanout exchange with one queue per service, which works, but the moment a message is acked in the ledger queue it's deleted, so a replay means going to some other store."),
        // Age throws the notebook away, not reading it.
        (ASK_TOOL, "Kafka is a notebook. If somebody loses the bookmark, they can go back to the beginning of the week and read again, until the notebook is too old and they throw it away."),
        // What a queue cannot do is no replay.
        (ASK_TOOL, "Once an order is acknowledged, it's gone from the queue, so if you wanted to go back and re-run last week's orders you couldn't do it from RabbitMQ."),
        // Once in effect, and once not by the broker.
        (ASK_DELIVERY, "So what people call exactly-once for a payment is, for me, at least once on the wire, once in effect, and the once in effect is our job."),
        (ASK_DELIVERY, "So I'd say the charge happens once because of the receipt number, not because of the broker."),
    ]);
    assert_flags(&[
        (ASK_ORDERING, "Kafka is a log, so the order is guaranteed: everything that you write in the topic, you read in the same order.", "global_ordering_myth"),
        (ASK_DELIVERY, "Kafka makes sure the charge happens once, not twice.", "exactly_once_myth"),
        (ASK_TOOL, "With RabbitMQ, if you wanted to go back and re-run last week's orders you just rewind the queue.", "queue_replays"),
    ]);
    // The extras counted out ("4 of them get no assignment"); a metaphor for
    // idle readers; a count said without knowing the partitions.
    let twelve = "Interviewer: The topic has 12 partitions. How would you scale the consumers?\n";
    assert_no_flags_in(scaled, &[
        (ASK_SCALING, "If I make 12 partitions and start 16 consumers, 4 of them get no assignment and sit idle."),
        (ASK_SCALING, "If you run ten consumers against four partitions, you've got four players and six benchwarmers."),
        (twelve, "I think we had like twenty readers, I don't remember how many pieces."),
    ]);
    // A new count for the consumers just added, said as "N instead of M".
    let four = "Interviewer: Say our topic has four partitions and the consumers are falling behind. How would you scale the consumption?\n";
    assert_flags_in(scaled, &[
        (twelve, "I think we had like twenty readers on those pieces.", "consumers_exceed_partitions"),
        (four, "I'd add more consumers to the consumer group. Say twelve instead of four, that'd be roughly three times the throughput.", "consumers_exceed_partitions"),
    ]);
    assert_no_flags_in(scaled, &[(four, "I'd add more consumers to the consumer group. Say four instead of two, that'd be twice the throughput.")]);
    // "…while that's going on?" asks about the loop just described: a dead
    // letter queue only after it is prompted.
    let looped = card(concat!(
        "Interviewer: A message is malformed and causes a NullPointerException in the consumer. What happens to the queue?\n",
        "Candidate: It goes back to the queue and comes again, but a loop until we deploy the fix is acceptable.\n",
        "Interviewer: What happens to the other orders while that's going on?\n",
        "Candidate: They wait. So maybe after some tries we move it to a dead letter queue.\n",
    ));
    assert_eq!(flags(&looped), ["infinite_requeue"]);
}

#[test]
fn the_readings_of_rounds_104_to_106() {
    assert_no_flags(&[
        // Adjectives of what a log is, not one order for the topic.
        (ASK_ORDERING, "Kafka is designed for ordered, durable, replicated logs."),
        // A promise the candidate would not make.
        (ASK_DELIVERY, "I would not say to my team \"we have exactly once, don't worry\"."),
        // Goods shipped for free are the loss of acking first.
        (ASK_DELIVERY, "Acking first would be quicker and would also occasionally ship alpaca fleece for free, which the cooperatives would have opinions about."),
        // "No" denies every noun joined by "or".
        (ASK_TOOL, "If it turned out there's only ever one consumer of orders and no audit or replay need, I'd go RabbitMQ and save myself running a Kafka cluster."),
    ]);
    assert_flags(&[
        (
            ASK_DELIVERY,
            "Acking first would be quicker, so I'd do that.",
            "ack_before_processing",
        ),
        (
            ASK_TOOL,
            "No audit needed, and RabbitMQ can replay the queue anyway.",
            "queue_replays",
        ),
    ]);
    // Idle readers in plain words, and "the extras" of a correct bound.
    assert_no_flags_in(scaled, &[
        (ASK_SCALING, "If there are six partitions and ten readers, four readers sit and drink tea."),
        (ASK_SCALING, "If I have 8 partitions and 10 readers, 2 readers only wait there."),
        (ASK_SCALING, "So one partition per consumer at most in a group, and if you have more consumers than partitions the extras don't get anything to read."),
    ]);
    // "…after the consumer acks it?" asks about a queue that deletes what was
    // acknowledged: the retraction after it is prompted.
    let prompted = card(concat!(
        "Interviewer: We are building an order processing system. Should we use Kafka or RabbitMQ?\n",
        "Candidate: RabbitMQ. If the paperwork service needs the orders again, RabbitMQ can replay them from the queue.\n",
        "Interviewer: What happens to a message in RabbitMQ after the consumer acks it?\n",
        "Candidate: It is removed from the queue. Once it is acked the broker deletes it. So actually there is nothing left to rewind. I mixed that up with Kafka, sorry.\n",
    ));
    assert_eq!(flags(&prompted), ["queue_replays"]);
}

#[test]
fn the_readings_of_rounds_107_to_109() {
    assert_no_flags(&[
        // RabbitMQ's streams are its log; offsets compared are no replay.
        (ASK_TOOL, "If the team already runs RabbitMQ well and the event volume is modest, streams might be the least-disruptive way to get replay."),
        (ASK_TOOL, "So if we wanted replay with RabbitMQ we'd be using the stream feature, which at that point is just choosing a log again."),
        (ASK_TOOL, "RabbitMQ is more simple there, per-message ack is easier than managing offset when one job is slow."),
    ]);
    assert_flag(
        ASK_TOOL,
        "With RabbitMQ you just reset the offset and replay the queue.",
        "queue_replays",
    );
    let four = "Interviewer: The topic has 4 partitions. How would you scale the consumers?\n";
    // The extras counted out in plain words ("no assignment", "left over",
    // "spectators"); a number that is more to add or more work does not.
    assert_no_flags_in(scaled, &[
        (four, "I'd have to look up what happens if you've more consumers than partitions, honestly."),
        (ASK_SCALING, "With ten consumers on four partitions you've got four players and six spectators."),
        (ASK_SCALING, "If I make 12 partitions and start 16 consumers, 4 of them get no assignment."),
        (ASK_SCALING, "Six partitions, ten consumers, so four are left over."),
    ]);
    let over = |said| (ASK_SCALING, said, "consumers_exceed_partitions");
    assert_flags_in(scaled, &[
        over("The topic has 6 partitions, I'd run 10 consumers and add 4 more later."),
        over("The topic has 6 partitions. I'd run 10 consumers, 4 more than before."),
        over("The topic has 8 partitions. With 8 partitions I'd run 20 consumers, 12 of them on the new nodes."),
        over("The topic has 8 partitions. With 8 partitions and 10 consumers, in 2 minutes the lag is gone."),
        over("The topic has 8 partitions. I'd run 10 consumers, 2 of them sit idle, but more consumers than partitions still means more throughput."),
        over("With 4 partitions I'd run 10 consumers, so 6 of them can help with the load."),
        over("More consumers than partitions is fine: with 4 partitions I'd run 10 consumers, 6 of them extra for throughput."),
    ]);
}

#[test]
fn the_narrow_readings_of_rounds_101_to_109_still_let_real_myths_through() {
    assert_flags(&[
        (ASK_TOOL, "RabbitMQ can replay the queue faster than you can reset an offset in Kafka.", "queue_replays"),
        (ASK_TOOL, "RabbitMQ can replay the queue, and it handles high volume event streams fine.", "queue_replays"),
        (ASK_TOOL, "In Kafka you can't do that, in RabbitMQ you just replay the queue.", "queue_replays"),
        (ASK_TOOL, "In Kafka once a consumer reads a message it is deleted, because by then it is too old.", "log_deletes_on_read"),
        (ASK_DELIVERY, "Kafka guarantees it is processed exactly once, not due to idempotency but because of Kafka transactions.", "exactly_once_myth"),
        (ASK_DELIVERY, "I can't promise low latency, but Kafka guarantees exactly once delivery for the charge.", "exactly_once_myth"),
        (ASK_DELIVERY, "Don't tell the team to worry about duplicates, Kafka transactions give us exactly once.", "exactly_once_myth"),
        (ASK_DELIVERY, "With Kafka transactions it is exactly once in practice, so the card is charged once.", "exactly_once_myth"),
        (ASK_DELIVERY, "With Kafka you need no dedup and idempotency keys, it is exactly once end to end.", "exactly_once_myth"),
        (ASK_DELIVERY, "I'd ack the message first and then charge the card, the broker gives us retries for free.", "ack_before_processing"),
    ]);
    // A bare "meanwhile" opens the next question; it probes nothing.
    let unprompted = card(concat!(
        "Interviewer: A message is malformed and causes a NullPointerException in the consumer. What happens to the queue?\n",
        "Candidate: It goes back to the queue and comes again, but a loop until we deploy the fix is acceptable.\n",
        "Interviewer: Okay. Meanwhile, what would you put on the dashboard?\n",
        "Candidate: Actually no, that loop is wrong: I'd cap the retries and send it to a dead letter queue.\n",
    ));
    assert!(flags(&unprompted).is_empty(), "{:?}", flags(&unprompted));
}
