a + * b
