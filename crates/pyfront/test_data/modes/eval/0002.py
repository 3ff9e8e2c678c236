x


