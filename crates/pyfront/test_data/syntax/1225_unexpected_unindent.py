class A:
    @foo