# Reference values for tests/instruments/test_vergelijking.py
# Run: Rscript tests/reference/vergelijking.R
# Two-proportion test from saved percentages: 62% of 50 (31) vs 83% of 100 (83)
print(chisq.test(matrix(c(31, 19, 83, 17), 2), correct = FALSE)$p.value, digits = 12)
# Welch from summary statistics: 7.0 (sd 1.2, n 50) vs 7.5 (sd 1.0, n 100)
se <- sqrt(1.2^2 / 50 + 1 / 100)
t <- 0.5 / se
df <- se^4 / ((1.2^2 / 50)^2 / 49 + (1 / 100)^2 / 99)
print(c(t = t, df = df, p = 2 * pt(-abs(t), df)), digits = 15)
# Benjamini-Hochberg over three unique tests
print(p.adjust(c(0.01, 0.04, 0.03), method = "BH"))
