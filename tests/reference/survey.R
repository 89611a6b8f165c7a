# Reference values for tests/analysis/test_survey.py and tests/instruments/test_surveytool.py.
#
# Run with:  Rscript tests/reference/survey.R
# Every value is printed with 17 significant digits; the tests store them with the R call.

p <- function(label, value) {
  cat(sprintf("%-40s %s\n", label, paste(sprintf("%.17g", value), collapse = ", ")))
}
cat("R:", R.version.string, "\n\n")

# ---------------------------------------------------------------------------------------
# cijfer_statistieken: mean, sd and the t-interval of the mean
# ---------------------------------------------------------------------------------------
a <- c(6, 7, 8, 9, 10)
b <- c(1, 5, 5, 6)
p("mean(a)", mean(a))
p("sd(a)", sd(a))
p("t.test(a)$conf.int", t.test(a)$conf.int)
p("mean(b)", mean(b))
p("sd(b)", sd(b))
p("t.test(b)$conf.int", t.test(b)$conf.int)
p("t.test(b, conf.level = 0.9)$conf.int", t.test(b, conf.level = 0.9)$conf.int)
# finite population correction, N = 20 (no built-in in R: by hand)
N <- 20
n <- length(a)
half <- qt(0.975, n - 1) * sd(a) / sqrt(n) * sqrt((N - n) / (N - 1))
p("fpc N=20 interval of a", c(mean(a) - half, mean(a) + half))

# ---------------------------------------------------------------------------------------
# vergelijk: Mann-Whitney U (normal approximation with continuity correction), group 1 =
# previous meting, group 2 = this meting
# ---------------------------------------------------------------------------------------
vorig <- c(6, 7, 7, 8, 5, 6, 9)
deze  <- c(7, 8, 8, 9, 6, 10, 8, 7)
w <- suppressWarnings(wilcox.test(vorig, deze, exact = FALSE, correct = TRUE))
p("wilcox.test W", w$statistic)
p("wilcox.test p", w$p.value)
