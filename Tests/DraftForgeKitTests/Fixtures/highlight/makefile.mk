# Build the sample books.
SWIFT ?= swift
CONFIG := release
BOOKS = $(wildcard Samples/*/draftforge.yml)
OUT := out/$(CONFIG)
FLAGS += -c $(CONFIG) --static-swift-stdlib

.PHONY: all clean test

all: $(OUT)/draftforge books

$(OUT)/draftforge: Package.swift $(shell find Sources -name "*.swift")
	$(SWIFT) build $(FLAGS)
	@mkdir -p $(@D) && cp "$$($(SWIFT) build $(FLAGS) --show-bin-path)/draftforge" $@

books: $(BOOKS:%/draftforge.yml=%/book.epub)

%/book.epub: %/draftforge.yml $(OUT)/draftforge
	-$(OUT)/draftforge build --output $@ $(dir $<)  # may fail

ifeq ($(CONFIG),debug)
FLAGS += -Xswiftc -Onone
else
FLAGS += -Xswiftc -O
endif

clean:
	rm -rf out ${OUT} # café

include local.mk
