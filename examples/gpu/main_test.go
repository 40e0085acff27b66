package main

import (
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/internal/fakedevice"
)

// TestRun runs the example (on the CPU here, on the GPU in a cuda build on
// a GPU machine) and checks what it prints: which backend, the lesson's
// first row of t1 as the lesson prints it, the six blobs' modes, times and
// bytes moved.
func TestRun(t *testing.T) {
	var out strings.Builder
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{
		"running on the ",
		"first row [-10.9417 -0.6844 -7.0038 -4.0066 -2.0857 -3.3588 3.9127 -3.4375 -11.4696 -2.1153]",
		"6 modes",
		"per run (median of 3)",
		"to the device,",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the output lacks %q:\n%s", want, s)
		}
	}
}

// TestRunOnDeviceFreesItsResults: on a device with the GPU backend's
// capabilities, the example's work leaves no device memory allocated (each
// result is released once read) and prints what it prints on the CPU.
func TestRunOnDeviceFreesItsResults(t *testing.T) {
	dev := fakedevice.NewNarrow()
	defer dev.Close()
	var out strings.Builder
	if err := runOn(&out, dev, 2000); err != nil {
		t.Fatal(err)
	}
	if c := dev.Counts(); c.Live != 0 {
		t.Errorf("after the example: %v; want no device buffer left", c)
	}
	s := out.String()
	for _, want := range []string{"first row [-10.9417 -0.6844", "6 modes", "fake-narrow: "} {
		if !strings.Contains(s, want) {
			t.Errorf("the output lacks %q:\n%s", want, s)
		}
	}
}
