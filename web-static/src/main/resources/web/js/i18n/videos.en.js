// en: videos strings (issue D)
export default {
};
