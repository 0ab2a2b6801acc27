// en: recording strings (issue D)
export default {
  'recording.start': 'Record',
  'recording.stop': 'Stop recording',
  'recording.indicator': 'Recording {time}',
  'recording.indicatorTitle': 'This lesson is being recorded; a replay is built when the recording stops',
  'recording.pill': 'Recording',
  'recording.pillTitle': 'This lesson is being recorded (lecturers\' camera, voice and screen share only); a replay will be available',
  'err.230': 'This lesson is being recorded already',
  'err.231': 'No recording is running',
  'err.232': 'The recording could not start (storage failed); try again',
};
