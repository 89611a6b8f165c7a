# Reference values for tests/analysis/test_compare.py (analysis/compare.py).
#
# Run with:  Rscript tests/reference/compare.R
# Every value is printed with 17 significant digits; the test module stores them with
# the R call that produced them. Group 1 = previous meting, group 2 = current meting;
# every difference is group 2 - group 1.

p <- function(label, value) {
  cat(sprintf("%-45s %s\n", label, paste(sprintf("%.17g", value), collapse = ", ")))
}

cat("R:", R.version.string, "\n\n")

# ---------------------------------------------------------------------------------------
# Two proportions: Pearson chi-square without continuity correction / Fisher's exact test
# Rows of the 2x2 table are the metingen, columns success / failure.
# ---------------------------------------------------------------------------------------
cat("== two_proportions ==\n")
tab2 <- function(x1, n1, x2, n2) matrix(c(x1, n1 - x1, x2, n2 - x2), nrow = 2, byrow = TRUE)

# Newcombe (1998) example (a), 56/70 vs 48/80: all expected counts >= 5
t_a <- chisq.test(tab2(48, 80, 56, 70), correct = FALSE)
p("chi2 48/80 vs 56/70 statistic", t_a$statistic)
p("chi2 48/80 vs 56/70 p", t_a$p.value)

# boundary: min expected exactly 5 (10*10/20), still chi-square
t_b <- chisq.test(tab2(3, 10, 7, 10), correct = FALSE)
p("chi2 3/10 vs 7/10 statistic", t_b$statistic)
p("chi2 3/10 vs 7/10 p", t_b$p.value)
p("chi2 3/10 vs 7/10 min expected", min(t_b$expected))

# boundary: min expected exactly 5 (25*25/125)
t_c <- chisq.test(tab2(2, 25, 23, 100), correct = FALSE)
p("chi2 2/25 vs 23/100 statistic", t_c$statistic)
p("chi2 2/25 vs 23/100 p", t_c$p.value)
p("chi2 2/25 vs 23/100 min expected", min(t_c$expected))

# min expected 4.5 < 5: Fisher
p("fisher 2/10 vs 7/10 p", fisher.test(tab2(2, 10, 7, 10))$p.value)
p("fisher 2/10 vs 7/10 min expected", min(suppressWarnings(chisq.test(tab2(2, 10, 7, 10)))$expected))
# min expected 15*9/29 = 4.655: Fisher
p("fisher 2/15 vs 7/14 p", fisher.test(tab2(2, 15, 7, 14))$p.value)
# unbalanced, rare outcome
p("fisher 1/40 vs 6/35 p", fisher.test(tab2(1, 40, 6, 35))$p.value)
# no successes at all
p("fisher 0/10 vs 0/20 p", fisher.test(tab2(0, 10, 0, 20))$p.value)
# all successes in group 2
p("fisher 0/20 vs 10/10 p", fisher.test(tab2(0, 20, 10, 10))$p.value)
# large counts
t_d <- chisq.test(tab2(412, 630, 455, 641), correct = FALSE)
p("chi2 412/630 vs 455/641 statistic", t_d$statistic)
p("chi2 412/630 vs 455/641 p", t_d$p.value)

# Wilson intervals (prop.test without continuity correction gives the Wilson score interval)
# and Newcombe's hybrid score interval (method 10) for p2 - p1.
newcombe <- function(x1, n1, x2, n2, conf = 0.95) {
  w1 <- if (n1 > 0) prop.test(x1, n1, correct = FALSE, conf.level = conf)$conf.int else NA
  w2 <- if (n2 > 0) prop.test(x2, n2, correct = FALSE, conf.level = conf)$conf.int else NA
  p1 <- x1 / n1
  p2 <- x2 / n2
  d <- p2 - p1
  c(d,
    d - sqrt((p2 - w2[1])^2 + (w1[2] - p1)^2),
    d + sqrt((w2[2] - p2)^2 + (p1 - w1[1])^2))
}
p("wilson 48/80", suppressWarnings(prop.test(48, 80, correct = FALSE))$conf.int)
p("wilson 56/70", suppressWarnings(prop.test(56, 70, correct = FALSE))$conf.int)
p("newcombe 48/80 -> 56/70 (est, lo, hi)", suppressWarnings(newcombe(48, 80, 56, 70)))
p("newcombe 56/70 -> 48/80 (est, lo, hi)", suppressWarnings(newcombe(56, 70, 48, 80)))
p("newcombe 2/15 -> 7/14 90% (est, lo, hi)", suppressWarnings(newcombe(2, 15, 7, 14, 0.90)))
# Newcombe (1998) examples (b)-(h), written as group 1 = second proportion, group 2 = first
p("newcombe 3/10 -> 9/10", suppressWarnings(newcombe(3, 10, 9, 10)))
p("newcombe 2/7 -> 6/7", suppressWarnings(newcombe(2, 7, 6, 7)))
p("newcombe 0/29 -> 5/56", suppressWarnings(newcombe(0, 29, 5, 56)))
p("newcombe 0/20 -> 0/10", suppressWarnings(newcombe(0, 20, 0, 10)))
p("newcombe 0/10 -> 0/10", suppressWarnings(newcombe(0, 10, 0, 10)))
p("newcombe 0/20 -> 10/10", suppressWarnings(newcombe(0, 20, 10, 10)))
p("newcombe 0/10 -> 10/10", suppressWarnings(newcombe(0, 10, 10, 10)))

# ---------------------------------------------------------------------------------------
# Welch t-test. R's t.test(y, x) reports mean(y) - mean(x) = group 2 - group 1.
# ---------------------------------------------------------------------------------------
cat("\n== welch ==\n")
x <- c(6.5, 7, 8, 5.5, 7.5, 6, 8, 7, 9, 6.5, 7, NA)
y <- c(7, 8, 8.5, 7.5, 9, 6, 8, 7.5, 8, 9.5, 7, 8, 6.5, NA)
w <- t.test(y, x)  # var.equal = FALSE (Welch) is R's default
p("welch statistic", w$statistic)
p("welch df", w$parameter)
p("welch p", w$p.value)
p("welch estimate", diff(rev(w$estimate)))
p("welch conf.int 95", w$conf.int)
p("welch conf.int 90", t.test(y, x, conf.level = 0.90)$conf.int)
xx <- x[!is.na(x)]
yy <- y[!is.na(y)]
p("welch sd1, sd2", c(sd(xx), sd(yy)))
n1 <- length(xx)
n2 <- length(yy)
sp <- sqrt(((n1 - 1) * var(xx) + (n2 - 1) * var(yy)) / (n1 + n2 - 2))
g <- (mean(yy) - mean(xx)) / sp * (1 - 3 / (4 * (n1 + n2) - 9))
se_g <- sqrt((n1 + n2) / (n1 * n2) + g^2 / (2 * (n1 + n2)))
p("hedges g (hand)", g)
# approximate CI: t quantile with n1 + n2 - 2 df (Hedges & Olkin 1985 SE; as pingouin)
p("hedges g 95% ci (hand)", g + c(-1, 1) * qt(0.975, n1 + n2 - 2) * se_g)

# second data set: group 2 lower, unequal variances
x2 <- c(8.2, 7.9, 8.8, 9.1, 7.5, 8.0, 8.4)
y2 <- c(6.0, 9.5, 4.5, 7.0, 8.5, 5.5, 7.5, 6.5, 9.0, 3.5)
w2 <- t.test(y2, x2)
p("welch2 statistic", w2$statistic)
p("welch2 df", w2$parameter)
p("welch2 p", w2$p.value)
p("welch2 conf.int 95", w2$conf.int)

# ---------------------------------------------------------------------------------------
# Mann-Whitney U: W of wilcox.test(x, y) = U of the first sample
# ---------------------------------------------------------------------------------------
cat("\n== mann_whitney ==\n")
g1 <- c(6, 7, 7, 8, 6, 5, 7, 8, 7, 6, 7, 9, 4, 7, 8, 6, 7, 7, NA)
g2 <- c(7, 8, 8, 7, 9, 8, 6, 8, 7, 8, 10, 7, 8, 8, 7, 9)
m <- wilcox.test(g1, g2, exact = FALSE, correct = TRUE)
p("mwu W", m$statistic)
p("mwu p", m$p.value)
m_b <- wilcox.test(g2, g1, exact = FALSE, correct = TRUE)
p("mwu reversed W", m_b$statistic)
p("mwu reversed p", m_b$p.value)
# no ties, small
h1 <- c(1.1, 2.3, 3.8, 4.0, 5.5)
h2 <- c(2.0, 4.4, 6.1, 7.3, 8.0, 9.2)
m_c <- wilcox.test(h1, h2, exact = FALSE, correct = TRUE)
p("mwu noties W", m_c$statistic)
p("mwu noties p", m_c$p.value)

# ---------------------------------------------------------------------------------------
# Pearson chi-square on a meting x category table (all-zero columns dropped)
# ---------------------------------------------------------------------------------------
cat("\n== chi2_distribution ==\n")
tab <- rbind(c(30, 12, 0, 8, 20), c(25, 20, 0, 15, 10))
tab <- tab[, colSums(tab) > 0]
cd <- suppressWarnings(chisq.test(tab, correct = FALSE))
p("dist statistic", cd$statistic)
p("dist df", cd$parameter)
p("dist p", cd$p.value)
p("dist min expected", min(cd$expected))
p("dist cramers v (hand)", sqrt(cd$statistic / (sum(tab) * (min(dim(tab)) - 1))))

tab3 <- rbind(c(14, 9, 3), c(10, 12, 8), c(5, 11, 16))
cd3 <- suppressWarnings(chisq.test(tab3, correct = FALSE))
p("dist3 statistic", cd3$statistic)
p("dist3 df", cd3$parameter)
p("dist3 p", cd3$p.value)
p("dist3 min expected", min(cd3$expected))
p("dist3 cramers v (hand)", sqrt(cd3$statistic / (sum(tab3) * (min(dim(tab3)) - 1))))

# ---------------------------------------------------------------------------------------
# Benjamini-Hochberg
# ---------------------------------------------------------------------------------------
cat("\n== benjamini_hochberg ==\n")
pv <- c(0.01, 0.04, NA, 0.03, 0.2, 0.001, 0.04, 0.5, 0.95)
p("BH with NA", p.adjust(pv, method = "BH"))
p("BH without NA", p.adjust(pv[!is.na(pv)], method = "BH"))
p("BH ties and ones", p.adjust(c(0.02, 0.02, 0.02, 1, 0.8), method = "BH"))
