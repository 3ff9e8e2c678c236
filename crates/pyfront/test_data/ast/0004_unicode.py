ﬁle = 1
ℌ = 2
café = "naïve"
x = 'é' + "日本語" + '\N{GREEK SMALL LETTER ALPHA}'
𝔘𝔫𝔦 = café
print(f"{café!r}é{ℌ:>{ﬁle}}")
