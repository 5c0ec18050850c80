module github.com/gstmini/gstmini

go 1.26.0

require go.uber.org/goleak v1.3.0

require github.com/Eyevinn/mp4ff v0.56.0

require (
	github.com/asticode/go-astikit v0.30.0 // indirect
	github.com/asticode/go-astits v1.16.0
	github.com/bluenviron/mediacommon/v2 v2.9.5
)
