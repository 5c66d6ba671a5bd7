//! Agreement statistics between a judge and human graders: quadratic
//! weighted kappa, exact and within-one agreement, confusion matrices, and
//! precision and recall of red flags.

use serde::Serialize;

/// Scores run 1 to 4; index 0 of a matrix is "not assessed".
pub const LEVELS: usize = 5;

/// Cohen's kappa with quadratic weights over the scores 1–4 of pairs
/// (label, judge). `None` when there are no pairs. When both raters give one
/// and the same score throughout, agreement is perfect and kappa is 1.
pub fn quadratic_weighted_kappa(pairs: &[(u8, u8)]) -> Option<f64> {
    if pairs.is_empty() {
        return None;
    }
    let k = 4usize;
    let mut observed = [[0f64; 4]; 4];
    let mut rows = [0f64; 4];
    let mut cols = [0f64; 4];
    for &(a, b) in pairs {
        let (i, j) = (
            usize::from(a.clamp(1, 4) - 1),
            usize::from(b.clamp(1, 4) - 1),
        );
        observed[i][j] += 1.0;
        rows[i] += 1.0;
        cols[j] += 1.0;
    }
    let n = pairs.len() as f64;
    let mut disagreement = 0.0;
    let mut chance = 0.0;
    for i in 0..k {
        for j in 0..k {
            let w = ((i as f64 - j as f64) / (k as f64 - 1.0)).powi(2);
            disagreement += w * observed[i][j];
            chance += w * rows[i] * cols[j] / n;
        }
    }
    if chance == 0.0 {
        return Some(if disagreement == 0.0 { 1.0 } else { 0.0 });
    }
    Some(1.0 - disagreement / chance)
}

/// Agreement on one dimension (or pooled over several).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Agreement {
    /// Items where both the label and the judge gave a score.
    pub scored: usize,
    pub qwk: Option<f64>,
    pub exact: Option<f64>,
    pub within_one: Option<f64>,
    /// Items where label and judge agree on whether the dimension was assessed.
    pub assessed_items: usize,
    pub not_assessed_agreement: Option<f64>,
    /// `confusion[label][judge]`, index 0 = not assessed, 1–4 = scores.
    pub confusion: [[usize; LEVELS]; LEVELS],
}

impl Agreement {
    /// From (label, judge) pairs, `None` meaning not assessed.
    pub fn of(items: &[(Option<u8>, Option<u8>)]) -> Agreement {
        let mut confusion = [[0usize; LEVELS]; LEVELS];
        let mut pairs = Vec::new();
        let mut same_assessment = 0;
        for &(label, judge) in items {
            confusion[usize::from(label.unwrap_or(0).min(4))]
                [usize::from(judge.unwrap_or(0).min(4))] += 1;
            same_assessment += usize::from(label.is_some() == judge.is_some());
            if let (Some(a), Some(b)) = (label, judge) {
                pairs.push((a, b));
            }
        }
        let share = |count: usize, of: usize| (of > 0).then(|| round(count as f64 / of as f64));
        Agreement {
            scored: pairs.len(),
            qwk: quadratic_weighted_kappa(&pairs).map(round),
            exact: share(pairs.iter().filter(|(a, b)| a == b).count(), pairs.len()),
            within_one: share(
                pairs.iter().filter(|(a, b)| a.abs_diff(*b) <= 1).count(),
                pairs.len(),
            ),
            assessed_items: items.len(),
            not_assessed_agreement: share(same_assessment, items.len()),
            confusion,
        }
    }
}

/// Precision and recall of a set of detections against labels.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Detection {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

impl Detection {
    pub fn of(true_positives: usize, false_positives: usize, false_negatives: usize) -> Detection {
        let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
        let precision = ratio(true_positives, true_positives + false_positives);
        let recall = ratio(true_positives, true_positives + false_negatives);
        let f1 = match (precision, recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (Some(_), Some(_)) => Some(0.0),
            // Nothing to find and nothing found: perfect.
            _ if true_positives + false_positives + false_negatives == 0 => Some(1.0),
            _ => None,
        };
        Detection {
            true_positives,
            false_positives,
            false_negatives,
            precision: precision.map(round),
            recall: recall.map(round),
            f1: f1.map(round),
        }
    }
}

/// Three decimals: enough for a report, stable in JSON.
pub fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_is_one_for_perfect_agreement_and_falls_with_distance() {
        let perfect = [(1, 1), (2, 2), (3, 3), (4, 4)];
        assert_eq!(quadratic_weighted_kappa(&perfect), Some(1.0));
        let near = [(1, 2), (2, 2), (3, 3), (4, 4)];
        let far = [(1, 4), (2, 2), (3, 3), (4, 4)];
        let (near, far) = (
            quadratic_weighted_kappa(&near).unwrap(),
            quadratic_weighted_kappa(&far).unwrap(),
        );
        assert!(near > far && near < 1.0, "{near} {far}");
        assert_eq!(quadratic_weighted_kappa(&[]), None);
        assert_eq!(quadratic_weighted_kappa(&[(3, 3), (3, 3)]), Some(1.0));
    }

    #[test]
    fn kappa_matches_a_hand_computed_example() {
        // Label 1,2,3,4 vs judge 1,3,3,4: observed weighted disagreement 1/9;
        // chance: rows (1,1,1,1), cols (1,0,2,1) over n=4.
        let k = quadratic_weighted_kappa(&[(1, 1), (2, 3), (3, 3), (4, 4)]).unwrap();
        // Σ w·E = Σ_j c_j Σ_i ((i-j)/3)² / 4 = (14 + 0 + 2·6 + 14) / 9 / 4 = 10/9;
        // κ = 1 - (1/9) / (10/9) = 0.9.
        assert!((k - 0.9).abs() < 1e-9, "{k}");
    }

    #[test]
    fn agreement_counts_not_assessed_separately() {
        let a = Agreement::of(&[
            (Some(3), Some(3)),
            (Some(2), Some(3)),
            (None, None),
            (None, Some(1)),
        ]);
        assert_eq!(a.scored, 2);
        assert_eq!(a.exact, Some(0.5));
        assert_eq!(a.within_one, Some(1.0));
        assert_eq!(a.not_assessed_agreement, Some(0.75));
        assert_eq!(a.confusion[0][1], 1);
        assert_eq!(a.confusion[2][3], 1);
    }

    #[test]
    fn detection_precision_recall_f1() {
        let d = Detection::of(9, 1, 0);
        assert_eq!((d.precision, d.recall), (Some(0.9), Some(1.0)));
        assert_eq!(d.f1, Some(0.947));
        assert_eq!(Detection::of(0, 0, 0).f1, Some(1.0));
    }
}
