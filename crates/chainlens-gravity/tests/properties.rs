//! Analytic properties of the exact-hat-algebra equilibrium on random worlds: no change
//! in costs changes nothing; a uniform change on every international pair of a symmetric
//! world moves every country alike; one-sector welfare (the real wage) agrees with the
//! Arkolakis-Costinot-Rodriguez-Clare formula `(pi_jj'/pi_jj)^(-1/theta)`.

use chainlens_gravity::hat::{Deficits, HatOptions, solve};
use proptest::prelude::*;

/// A random world of `n` countries: positive flows, domestic sales the largest.
fn world(n: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(0.1f64..10.0, n * n).prop_map(move |mut x| {
        for i in 0..n {
            x[i * n + i] += 20.0;
        }
        x
    })
}

fn opts(theta: f64, deficits: Deficits) -> HatOptions {
    HatOptions {
        theta,
        deficits,
        ..Default::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn no_change_in_costs_changes_nothing(x in world(5), theta in 2.0f64..10.0, additive in any::<bool>()) {
        let deficits = if additive { Deficits::Additive } else { Deficits::Multiplicative };
        let s = solve(&x, &[1.0; 25], opts(theta, deficits)).unwrap();
        for eq in [&s.conditional, &s.full] {
            for v in eq.prices.iter().chain(&eq.imr).chain(&eq.omr).chain(&eq.welfare) {
                prop_assert!((v - 1.0).abs() < 1e-10, "{v}");
            }
            for (a, b) in eq.trade.iter().zip(&x) {
                prop_assert!((a - b).abs() < 1e-9 * b);
            }
        }
    }

    #[test]
    fn a_uniform_change_in_a_symmetric_world_moves_all_alike(
        domestic in 5.0f64..50.0, foreign in 0.1f64..5.0, phi in 0.2f64..3.0, theta in 2.0f64..10.0,
    ) {
        let n = 6;
        let x: Vec<f64> = (0..n * n).map(|k| if k / n == k % n { domestic } else { foreign }).collect();
        let change: Vec<f64> = (0..n * n).map(|k| if k / n == k % n { 1.0 } else { phi }).collect();
        let s = solve(&x, &change, opts(theta, Deficits::Additive)).unwrap();
        for v in [&s.full.welfare, &s.full.prices, &s.full.imr, &s.conditional.welfare] {
            prop_assert!(v.iter().all(|w| (w - v[0]).abs() < 1e-10), "{v:?}");
        }
    }

    #[test]
    fn welfare_is_the_acr_formula(
        x in world(5),
        phi in prop::collection::vec(0.3f64..3.0, 25),
        theta in 2.0f64..10.0,
    ) {
        let n = 5;
        // Domestic costs do not change.
        let phi: Vec<f64> = (0..n * n).map(|k| if k / n == k % n { 1.0 } else { phi[k] }).collect();
        let expenditure: Vec<f64> = (0..n).map(|j| (0..n).map(|i| x[i * n + j]).sum()).collect();
        for deficits in [Deficits::Additive, Deficits::Multiplicative] {
            let s = solve(&x, &phi, opts(theta, deficits)).unwrap();
            let new_expenditure: Vec<f64> =
                (0..n).map(|j| (0..n).map(|i| s.full.trade[i * n + j]).sum()).collect();
            for j in 0..n {
                let share_change = (s.full.trade[j * n + j] / new_expenditure[j])
                    / (x[j * n + j] / expenditure[j]);
                let acr = share_change.powf(-1.0 / theta);
                prop_assert!((s.full.real_wage[j] - acr).abs() < 1e-9 * acr, "{} vs {acr}", s.full.real_wage[j]);
            }
            if deficits == Deficits::Multiplicative {
                // With expenditure proportional to income, welfare is the real wage.
                for j in 0..n {
                    prop_assert!((s.full.welfare[j] - s.full.real_wage[j]).abs() < 1e-12);
                }
            }
        }
    }
}
